#!/usr/bin/python3
"""Golden values for NeuroFeat's feature extraction (src-main/core/dsp, features, stats).

Run with Debian's Python (numpy 1.24, scipy 1.10, mne 1.3, statsmodels 0.13):
    /usr/bin/python3 tools/reference/features-reference.py [SHARED_DATA_DIR]
Writes small JSON fixtures to tools/reference/features-fixtures/. The synthetic inputs are regenerated
here with the same arithmetic as src-main/core/features/synthetic-trials.ts (Park-Miller draws are exact
in float64), so only outputs are stored.
"""
import json
import os
import sys

import numpy as np
import scipy.signal as ss
import scipy.stats as st
from statsmodels.regression.linear_model import burg

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'features-fixtures')
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'data')


class ParkMiller:
    def __init__(self, seed):
        self.state = max(1, int(seed) % 2147483647)

    def next(self):
        self.state = (self.state * 16807) % 2147483647
        return self.state / 2147483647


def synthetic_trials(n_channels, n_per_class, n_samples, fs, seed):
    rng = ParkMiller(seed)
    max_lag = n_channels
    trials, classes = [], []
    for t in range(2 * n_per_class):
        cls = t % 2
        shared = [rng.next() - 0.5 for _ in range(n_samples + max_lag)]
        phase = 2 * np.pi * rng.next()
        data = np.zeros((n_channels, n_samples))
        for c in range(n_channels):
            amp = (2.0 if cls == 0 else 1.0) if c == 0 else 1.5
            for i in range(n_samples):
                rhythm = amp * np.sin((2 * np.pi * 10 * i) / fs + phase + 0.3 * c)
                data[c, i] = rng.next() - 0.5 + 0.8 * shared[i + max_lag - c] + rhythm
        trials.append(data)
        classes.append(cls)
    return np.array(trials), np.array(classes)


def synthetic_ar2(n, a1, a2, seed):
    rng = ParkMiller(seed)
    burn = 200
    x = np.zeros(n + burn)
    for t in range(n + burn):
        e = rng.next() - 0.5
        x[t] = (a1 * x[t - 1] if t >= 1 else 0.0) + (a2 * x[t - 2] if t >= 2 else 0.0) + e
    return x[burn:]


def welch(x, fs, nperseg):
    return ss.welch(x, fs=fs, window='hann', nperseg=nperseg, noverlap=nperseg // 2,
                    detrend='constant', scaling='density', axis=-1)


def r2_point_biserial(values, labels):
    """values [trial, ...], labels 0/1: squared point-biserial correlation per feature (numpy formula)."""
    v = values.reshape(values.shape[0], -1)
    out = np.array([st.pointbiserialr(labels, v[:, i])[0] ** 2 for i in range(v.shape[1])])
    return out.reshape(values.shape[1:])


def burg_psd(x, fs, n_window, n_shift, order, n_fft):
    """Mean over sliding windows of 2 (sigma2/fs) / |A(f)|^2 (no factor 2 at DC and Nyquist)."""
    starts = list(range(0, len(x) - n_window + 1, n_shift))
    acc = np.zeros(n_fft // 2 + 1)
    for s in starts:
        rho, sigma2 = burg(x[s:s + n_window], order=order, demean=True)
        a = np.fft.rfft(np.concatenate([[1.0], -rho]), n_fft)
        p = 2 * (sigma2 / fs) / np.abs(a) ** 2
        p[0] /= 2
        if n_fft % 2 == 0:
            p[-1] /= 2
        acc += p
    return acc / len(starts)


def segment_spectra(x, fs, nperseg, noverlap):
    """[channel, segment, bin] complex spectra of Hann-windowed, mean-removed segments (scipy's segments)."""
    step = nperseg - noverlap
    starts = range(0, x.shape[-1] - nperseg + 1, step)
    win = ss.get_window('hann', nperseg)
    segs = np.stack([x[:, s:s + nperseg] for s in starts], axis=1)
    segs = (segs - segs.mean(axis=-1, keepdims=True)) * win
    return np.fft.rfft(segs, axis=-1)


def connectivity(x, fs, nperseg):
    """All metrics [metric][i][j][bin] from scipy.signal.csd plus per-segment PLV and wPLI."""
    n = x.shape[0]
    noverlap = nperseg // 2
    spec = segment_spectra(x, fs, nperseg, noverlap)
    cross = {}
    for i in range(n):
        for j in range(n):
            _, pxy = ss.csd(x[i], x[j], fs=fs, window='hann', nperseg=nperseg, noverlap=noverlap, detrend='constant')
            cross[i, j] = pxy
    # The segment spectra reproduce scipy's csd (up to its density scale): the check that they are scipy's segments.
    ratio = np.mean(np.conj(spec[0]) * spec[1], axis=0)[1:-1] / cross[0, 1][1:-1]
    assert np.allclose(ratio, ratio[0]), 'segment spectra do not match scipy.signal.csd'
    out = {m: np.zeros((n, n, spec.shape[-1])) for m in ['coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli']}
    for i in range(n):
        for j in range(n):
            c = cross[i, j] / np.sqrt(cross[i, i].real * cross[j, j].real)
            out['coh'][i, j] = np.abs(c)
            out['msc'][i, j] = np.abs(c) ** 2
            out['imcoh'][i, j] = c.imag
            out['absimcoh'][i, j] = np.abs(c.imag)
            sxy = np.conj(spec[i]) * spec[j]
            with np.errstate(invalid='ignore', divide='ignore'):
                out['plv'][i, j] = np.abs(np.mean(sxy / np.abs(sxy), axis=0))
                num = np.abs(np.mean(sxy.imag, axis=0))
                den = np.mean(np.abs(sxy.imag), axis=0)
                out['wpli'][i, j] = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    return out


def node_strength(matrix):
    n = matrix.shape[0]
    mask = ~np.eye(n, dtype=bool)
    return np.array([matrix[i][mask[i]].mean(axis=0) for i in range(n)])


def fl(a):
    # 14 significant digits: far below every tolerance, and a third smaller files.
    return [float('%.14g' % v) for v in np.asarray(a, dtype=float).ravel()]


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
    print(f'{path}: {os.path.getsize(path)} bytes')


def synthetic_fixtures():
    fs, n = 160, 480
    trials, classes = synthetic_trials(4, 5, n, fs, 12345)
    picks = [0, 1, 5]
    _, p = welch(trials[picks], fs, 160)
    _, p100 = welch(trials[0], fs, 100)
    write('welch-synthetic.json', {
        'input': {'nChannels': 4, 'nTrialsPerClass': 5, 'nSamples': n, 'sampleRateHz': fs, 'seed': 12345},
        'firstSamples': fl(trials[0, 0, :5]),
        'trials': picks,
        'psd160': {'shape': list(p.shape), 'values': fl(p)},
        'psd100Trial0': {'shape': list(p100.shape), 'values': fl(p100)},
    })
    # R2 over all trials on log10 Welch power, bins 1..40, by scipy.stats.pointbiserialr.
    _, pall = welch(trials, fs, 160)
    logp = np.log10(pall[:, :, 1:41])
    r2 = r2_point_biserial(logp, classes)
    m0, m1 = logp[classes == 0].mean(axis=0), logp[classes == 1].mean(axis=0)
    write('r2-synthetic.json', {
        'r2': fl(r2), 'signedR2': fl(np.sign(m1 - m0) * r2),
        'mean': [fl(m0), fl(m1)],
        'sd': [fl(logp[classes == 0].std(axis=0, ddof=1)), fl(logp[classes == 1].std(axis=0, ddof=1))],
    })
    # Connectivity of trial 0 with 0.5 s segments, bins 0..40, and scipy.signal.coherence for msc.
    conn = connectivity(trials[0], fs, 80)
    _, msc01 = ss.coherence(trials[0, 0], trials[0, 1], fs=fs, window='hann', nperseg=80, noverlap=40)
    write('connectivity-synthetic.json', {
        'nperseg': 80,
        'metrics': {m: fl(v) for m, v in conn.items()},
        'shape': list(conn['coh'].shape),
        'scipyCoherence01': fl(msc01),
        'nodeStrengthAbsImcoh': fl(node_strength(conn['absimcoh'])),
    })
    # Filters on channel 0 of trial 0.
    x = trials[0, 0]
    bp = ss.butter(4, [8, 30], btype='bandpass', output='sos', fs=fs)
    bs = ss.butter(2, [48, 52], btype='bandstop', output='sos', fs=fs)
    lp = ss.butter(3, 20, btype='lowpass', output='sos', fs=fs)
    hp = ss.butter(5, 2, btype='highpass', output='sos', fs=fs)
    write('filters-synthetic.json', {
        'bandpass8to30order4': {'sos': fl(bp), 'filtfilt': fl(ss.sosfiltfilt(bp, x)), 'filt': fl(ss.sosfilt(bp, x))},
        'bandstop48to52order2': {'sos': fl(bs), 'filtfilt': fl(ss.sosfiltfilt(bs, x)), 'filt': fl(ss.sosfilt(bs, x))},
        'lowpass20order3': {'sos': fl(lp), 'filtfilt': fl(ss.sosfiltfilt(lp, x))},
        'highpass2order5': {'sos': fl(hp), 'filtfilt': fl(ss.sosfiltfilt(hp, x))},
    })
    # Burg: AR(2) with a known spectrum, and the windowed PSD of synthetic channel 0.
    ar = synthetic_ar2(4000, 1.3, -0.6, 777)
    rho2, s2 = burg(ar, order=2, demean=True)
    rho8, s8 = burg(ar[:300], order=8, demean=True)
    write('burg-synthetic.json', {
        'ar2': {'n': 4000, 'a1': 1.3, 'a2': -0.6, 'seed': 777, 'rho2': fl(rho2), 'sigma2Order2': float(s2),
                'rho8First300': fl(rho8), 'sigma2Order8First300': float(s8)},
        'psdTrial0Channel0': fl(burg_psd(x, fs, 40, 26, 6, 160)),
        'psdParams': {'nWindow': 40, 'nShift': 26, 'order': 6, 'nFft': 160},
    })


def real_fixtures():
    import mne
    mne.set_log_level('ERROR')
    fs = 160
    raws = []
    for run in (4, 8, 12):
        raw = mne.io.read_raw_edf(os.path.join(DATA, 'physionet-eegmmidb', 'S001', f'S001R{run:02d}.edf'), preload=True)
        raws.append(raw)
    names = [c.rstrip('.').lower() for c in raws[0].ch_names]
    epochs, labels, onsets = [], [], []
    offset, length = 1.0, 3.0
    n = int(np.floor(length * fs + 0.5))
    for raw in raws:
        data = raw.get_data() * 1e6
        ann = sorted([(a['onset'], a['description']) for a in raw.annotations if a['description'] in ('T1', 'T2')])
        for onset, desc in ann:
            first = int(np.floor((onset + offset) * fs + 0.5))
            if first < 0 or first + n > data.shape[1]:
                continue
            x = data[:, first:first + n]
            epochs.append(x - x.mean(axis=0, keepdims=True))  # common average reference
            labels.append(0 if desc == 'T1' else 1)
            onsets.append(float(onset))
    epochs = np.array(epochs)
    labels = np.array(labels)
    picks = [names.index(c) for c in ('c3', 'cz', 'c4')]
    trials = [0, 10, 44]
    f, p = welch(epochs, fs, 160)
    logp = np.log10(p[:, :, 1:41])
    r2 = r2_point_biserial(logp[:, picks, :], labels)
    m0, m1 = logp[labels == 0][:, picks].mean(axis=0), logp[labels == 1][:, picks].mean(axis=0)
    x = epochs[0, picks[0]]
    rho, sigma2 = burg(x[:40], order=6, demean=True)
    conn = connectivity(epochs[0], fs, 80)
    write('physionet-s001.json', {
        'files': ['S001R04.edf', 'S001R08.edf', 'S001R12.edf'],
        'classes': ['T1', 'T2'], 'offsetSec': offset, 'lengthSec': length, 'reference': 'car',
        'nTrials': [int((labels == 0).sum()), int((labels == 1).sum())],
        'onsetsSec': onsets, 'labels': [int(v) for v in labels],
        'channels': ['C3', 'Cz', 'C4'], 'trials': trials,
        'welchPsd': {'shape': [len(trials), 3, len(f)], 'values': fl(p[trials][:, picks, :])},
        'r2Bins1to40': fl(r2), 'signedR2Bins1to40': fl(np.sign(m1 - m0) * r2),
        'burgTrial0C3First40': {'order': 6, 'rho': fl(rho), 'sigma2': float(sigma2)},
        'burgPsdTrial0C3': fl(burg_psd(x, fs, 40, 26, 6, 160)),
        'absImcohNodeStrengthTrial0Bins1to40': fl(node_strength(conn['absimcoh'])[picks][:, 1:41]),
        'cohTrial0C3C4Bins1to40': fl(conn['coh'][picks[0], picks[2], 1:41]),
        'imcohTrial0C3C4Bins1to40': fl(conn['imcoh'][picks[0], picks[2], 1:41]),
        'wpliTrial0C3C4Bins1to40': fl(conn['wpli'][picks[0], picks[2], 1:41]),
        'plvTrial0C3C4Bins1to40': fl(conn['plv'][picks[0], picks[2], 1:41]),
    })


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    synthetic_fixtures()
    real_fixtures()
