#!/usr/bin/python3
"""Why MDM is below chance on the shared PhysioNet subjects (docs/training.md, "MDM below chance"): the NumPy
definition of pyRiemann's MDM from standard_pipelines_reference.py on MOABB's preprocessing, independent of
NeuroFeat's TypeScript.

Per subject (runs 4, 8, 12, T1 vs T2): 8-32 Hz Butterworth order 5 zero-phase (scipy sosfiltfilt) on the continuous
runs, 0-3 s after the cue, OAS covariance per trial (sklearn), then 5-fold MDM (StratifiedKFold, shuffle, seed 1)
on 64 channels, on trace-normalised covariances and on the 21 sensorimotor channels (FC5..CP6, rows 0-20);
resubstitution (class means from every trial); and, with --null N, N label shuffles of the 64-channel MDM.

Usage: /usr/bin/python3 tools/reference/mdm_below_chance.py [--data DIR] [--null N] SUBJECT...
  e.g. tools/reference/mdm_below_chance.py --null 6 9 6 1   (about a minute per subject on one core)
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standard_pipelines_reference import mean_riemann, riemann_distance2  # noqa: E402


def load(data, subject):
    import mne
    from scipy import signal
    mne.set_log_level('ERROR')
    trials, labels = [], []
    for run in (4, 8, 12):
        raw = mne.io.read_raw_edf(f'{data}/S{subject:03d}/S{subject:03d}R{run:02d}.edf', preload=True)
        fs = raw.info['sfreq']
        x = signal.sosfiltfilt(signal.butter(5, [8, 32], btype='bandpass', fs=fs, output='sos'), raw.get_data() * 1e6, axis=1)
        n = int(round(3 * fs))
        for a in raw.annotations:
            if a['description'] in ('T1', 'T2'):
                start = int(round(a['onset'] * fs))
                if start + n <= x.shape[1]:
                    trials.append(x[:, start:start + n])
                    labels.append(0 if a['description'] == 'T1' else 1)
    return np.asarray(trials), np.asarray(labels)


def covariances(trials):
    from sklearn.covariance import oas
    return np.array([oas(t.T)[0] for t in trials])


def mdm_accuracy(covs, y, seed=1):
    from sklearn.model_selection import StratifiedKFold
    correct = 0
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(covs, y):
        means = [mean_riemann(covs[train][y[train] == k]) for k in (0, 1)]
        for t in test:
            d = [riemann_distance2(covs[t], means[k]) for k in (0, 1)]
            correct += int(d[1] < d[0]) == y[t]
    return correct / len(y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default=os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'physionet-eegmmidb'))
    parser.add_argument('--null', type=int, default=0)
    parser.add_argument('subjects', type=int, nargs='+')
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for s in args.subjects:
        x, y = load(args.data, s)
        c = covariances(x)
        means = [mean_riemann(c[y == k]) for k in (0, 1)]
        resub = np.mean([int(riemann_distance2(c[t], means[1]) < riemann_distance2(c[t], means[0])) == y[t] for t in range(len(y))])
        row = {
            'subject': s, 'trials': len(y),
            'mdm_64ch': round(mdm_accuracy(c, y), 3),
            'mdm_trace_normalised': round(mdm_accuracy(np.array([m / np.trace(m) for m in c]), y), 3),
            'mdm_21_sensorimotor': round(mdm_accuracy(covariances(x[:, :21, :]), y), 3),
            'resubstitution': round(float(resub), 3),
        }
        if args.null:
            row['shuffled_labels'] = [round(mdm_accuracy(c, rng.permutation(y)), 3) for _ in range(args.null)]
        print(row, flush=True)


if __name__ == '__main__':
    main()
