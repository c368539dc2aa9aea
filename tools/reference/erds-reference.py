#!/usr/bin/python3
"""Golden ERD/ERS% maps for NeuroFeat's `erdsView` (src-main/services/features/feature-views.ts) on real EEG.

Run with Debian's Python (numpy, scipy, mne):
    /usr/bin/python3 tools/reference/erds-reference.py [SHARED_DATA_DIR]
Writes tools/reference/features-fixtures/erds-s001.json: PhysioNet S001 runs 4, 8 and 12 read by MNE, common average
over all 64 channels, epochs from -2 s to 3 s around each T1/T2 cue, then for C3 and C4 scipy.signal.spectrogram
(periodic Hann frames of 1 s every 0.125 s, constant detrend, density scaling), the class means, and
(P(t, f) - R(f)) / R(f) x 100 with R the mean of the frames lying wholly inside -2 to -0.5 s. 8-30 Hz.
"""
import json
import os
import sys

import mne
import numpy as np
import scipy.signal as ss

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'features-fixtures', 'erds-s001.json')
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'data')
CHANNELS = ['C3', 'C4']
CLASSES = ['T1', 'T2']
T0, T1 = -2.0, 3.0
BASELINE = (-2.0, -0.5)
FMIN, FMAX = 8, 30

mne.set_log_level('ERROR')
trials = {c: [] for c in CLASSES}
for run in (4, 8, 12):
    raw = mne.io.read_raw_edf(os.path.join(DATA, 'physionet-eegmmidb', 'S001', f'S001R{run:02d}.edf'), preload=True)
    fs = raw.info['sfreq']
    data = raw.get_data()
    data = data - data.mean(axis=0, keepdims=True)
    names = [n.rstrip('.').upper() for n in raw.ch_names]
    rows = [names.index(c.upper()) for c in CHANNELS]
    n = int(round((T1 - T0) * fs))
    for onset, label in zip(raw.annotations.onset, raw.annotations.description):
        if label not in CLASSES:
            continue
        first = int(np.floor((onset + T0) * fs + 0.5))
        if first < 0 or first + n > data.shape[1]:
            continue
        trials[label].append(data[rows, first:first + n])

frame = int(round(fs))
step = int(round(0.125 * fs))
values = []
for c in CLASSES:
    x = np.stack(trials[c])  # trial, channel, sample
    f, t, p = ss.spectrogram(x, fs=fs, window='hann', nperseg=frame, noverlap=frame - step, detrend='constant', scaling='density', mode='psd', axis=-1)
    p = p.mean(axis=0)  # channel, freq, time
    keep = (f >= FMIN - 1e-9) & (f <= FMAX + 1e-9)
    starts = T0 + t - frame / fs / 2
    base = (starts >= BASELINE[0] - 1e-9) & (starts + frame / fs <= BASELINE[1] + 1e-9)
    ref = p[:, :, base].mean(axis=2, keepdims=True)
    erds = (p - ref) / ref * 100
    values.append(np.transpose(erds[:, keep, :], (0, 2, 1)).tolist())  # channel, time, freq
    times = (T0 + t).tolist()
    freqs = f[keep].tolist()

with open(OUT, 'w') as out:
    json.dump({'channels': CHANNELS, 'classes': CLASSES, 'nTrials': [len(trials[c]) for c in CLASSES], 'timesSec': times, 'freqsHz': freqs,
               'baselineSec': list(BASELINE), 'values': values}, out, separators=(',', ':'))
print(f'wrote {OUT}: trials {[len(trials[c]) for c in CLASSES]}, {len(times)} times x {len(freqs)} freqs')
