#!/usr/bin/python3
"""The SciPy/MNE side of `neurofeat bench --suite features`: the same work, timed here, printed as JSON.

    /usr/bin/python3 tools/reference/features-bench.py SHARED_DATA_DIR [REPEATS]
Vectorised numpy/scipy throughout (the strongest fair baseline, not a Python loop per channel).
"""
import json
import os
import sys
import time

import numpy as np
import scipy.signal as ss

import mne

mne.set_log_level('ERROR')
DATA = sys.argv[1]
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
FILES = [os.path.join(DATA, 'physionet-eegmmidb', 'S001', f'S001R{r:02d}.edf') for r in (4, 8, 12)]
FS = 160


def epochs_car():
    xs, ys = [], []
    n = int(np.floor(3.0 * FS + 0.5))
    for path in FILES:
        raw = mne.io.read_raw_edf(path, preload=True)
        data = raw.get_data() * 1e6
        for a in raw.annotations:
            if a['description'] not in ('T1', 'T2'):
                continue
            first = int(np.floor((a['onset'] + 1.0) * FS + 0.5))
            if first + n > data.shape[1]:
                continue
            xs.append(data[:, first:first + n])
            ys.append(0 if a['description'] == 'T1' else 1)
    x = np.array(xs)
    return x - x.mean(axis=1, keepdims=True), np.array(ys)


def welch_r2():
    x, y = epochs_car()
    _, p = ss.welch(x, fs=FS, window='hann', nperseg=160, noverlap=80, detrend='constant', axis=-1)
    logp = np.log10(p[:, :, 1:41])
    m = logp.mean(axis=0)
    ss_total = ((logp - m) ** 2).sum(axis=0)
    ss_between = sum((y == c).sum() * (logp[y == c].mean(axis=0) - m) ** 2 for c in (0, 1))
    return ss_between / ss_total


def mne_idiomatic():
    """The same work as an MNE user writes it (Raw, reference, events, Epochs, compute_psd); its R² equals
    the vectorised path and ours to 1e-11 (window='hann', MNE's default being Hamming)."""
    raw = mne.concatenate_raws([mne.io.read_raw_edf(p, preload=True) for p in FILES])
    raw.set_eeg_reference('average', projection=False)
    events, _ = mne.events_from_annotations(raw, event_id={'T1': 1, 'T2': 2})
    ep = mne.Epochs(raw, events, event_id={'T1': 1, 'T2': 2}, tmin=1.0, tmax=4.0 - 1 / FS, baseline=None, preload=True)
    spec = ep.compute_psd(method='welch', fmin=1, fmax=40, n_fft=160, n_per_seg=160, n_overlap=80, window='hann')
    logp = np.log10(spec.get_data() * 1e12)
    y = ep.events[:, 2]
    m = logp.mean(axis=0)
    ss_total = ((logp - m) ** 2).sum(axis=0)
    ss_between = sum((y == c).sum() * (logp[y == c].mean(axis=0) - m) ** 2 for c in (1, 2))
    return ss_between / ss_total


def abs_imcoh_strength(x):
    n = x.shape[1]
    out = []
    for trial in x:
        _, pxy = ss.csd(trial[:, None, :], trial[None, :, :], fs=FS, window='hann', nperseg=80, noverlap=40, detrend='constant', axis=-1)
        diag = np.real(np.einsum('iik->ik', pxy))
        c = np.abs(pxy.imag) / np.sqrt(diag[:, None, :] * diag[None, :, :])
        c[np.arange(n), np.arange(n)] = 0
        out.append(c.sum(axis=1)[:, 1:21] / (n - 1))
    return np.array(out)


def timings_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def read_only():
    return [mne.io.read_raw_edf(path, preload=True).get_data() for path in FILES]


def welch_only(x):
    return ss.welch(x, fs=FS, window='hann', nperseg=160, noverlap=80, detrend='constant', axis=-1)


x, _ = epochs_car()
# The two Python paths do the same work: check it before timing them.
assert np.allclose(welch_r2(), mne_idiomatic(), rtol=1e-9, atol=1e-12), 'MNE Epochs path and vectorised path disagree'
welch_times = timings_ms(welch_r2, REPEATS)
imcoh_times = timings_ms(lambda: abs_imcoh_strength(x), max(1, REPEATS // 2))
mne_times = timings_ms(mne_idiomatic, max(1, REPEATS // 2))
read_times = timings_ms(read_only, REPEATS)
welch_only_times = timings_ms(lambda: welch_only(x), REPEATS)
print(json.dumps({
    'welchPipelineMs': float(np.median(welch_times)),
    'welchPipelineMinMs': float(np.min(welch_times)),
    'mneIdiomaticMs': float(np.median(mne_times)),
    'mneIdiomaticMinMs': float(np.min(mne_times)),
    'readMs': float(np.median(read_times)),
    'welchOnlyMs': float(np.median(welch_only_times)),
    'absImcohStrengthMs': float(np.median(imcoh_times)),
    'absImcohStrengthMinMs': float(np.min(imcoh_times)),
    'versions': {'numpy': np.__version__, 'scipy': __import__('scipy').__version__, 'mne': mne.__version__},
}))
