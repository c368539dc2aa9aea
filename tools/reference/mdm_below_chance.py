#!/usr/bin/python3
"""Why MDM is below chance on the shared PhysioNet subjects (docs/training.md, "Why MDM is not offered"): the NumPy
definition of pyRiemann's MDM from standard_pipelines_reference.py on MOABB's preprocessing, independent of
NeuroFeat's TypeScript.

Per subject (runs 4, 8, 12, T1 vs T2): 8-32 Hz Butterworth order 5 zero-phase (scipy sosfiltfilt) on the continuous
runs, 0-3 s after the cue, OAS covariance per trial (sklearn), then 5-fold MDM (StratifiedKFold, shuffle, seed 1)
on 64 channels, on trace-normalised covariances and on the 21 sensorimotor channels (FC5..CP6, rows 0-20);
resubstitution (class means from every trial); and, with --null N, N label shuffles of the 64-channel MDM.

With --mechanism, the run-level non-stationarity behind it: how well MDM names the run a trial comes from (run
means, same folds); the held-out accuracy split by whether the other class's training mean holds a larger share of
the trial's own run, and by which class is larger in the training set; label-free per-run Riemannian re-centring
(Zanini et al. 2018: each run's covariances whitened by that run's Riemannian mean, over all its trials, or over the
run's training trials only); folds stratified by class x run; and leave-one-out (every held-out trial's class then
lacks one trial of its run).

Usage: /usr/bin/python3 tools/reference/mdm_below_chance.py [--data DIR] [--null N] [--mechanism] SUBJECT...
  e.g. tools/reference/mdm_below_chance.py --null 6 9 6 1   (about a minute per subject on one core)
       tools/reference/mdm_below_chance.py --mechanism 6 9 1  (about 40 s per subject)
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standard_pipelines_reference import fn, mean_riemann, riemann_distance2  # noqa: E402

RUNS = (4, 8, 12)


def load(data, subject):
    """Trials (8-32 Hz, 0-3 s), labels (T1: 0, T2: 1) and the run of each trial."""
    import mne
    from scipy import signal
    mne.set_log_level('ERROR')
    trials, labels, runs = [], [], []
    for run in RUNS:
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
                    runs.append(run)
    return np.asarray(trials), np.asarray(labels), np.asarray(runs)


def covariances(trials):
    from sklearn.covariance import oas
    return np.array([oas(t.T)[0] for t in trials])


def class_folds(y, strata=None, seed=1):
    from sklearn.model_selection import StratifiedKFold
    return list(StratifiedKFold(5, shuffle=True, random_state=seed).split(y, y if strata is None else strata))


def mdm_accuracy(covs, y, seed=1):
    correct = 0
    for train, test in class_folds(y, seed=seed):
        means = [mean_riemann(covs[train][y[train] == k]) for k in (0, 1)]
        for t in test:
            d = [riemann_distance2(covs[t], means[k]) for k in (0, 1)]
            correct += int(d[1] < d[0]) == y[t]
    return correct / len(y)


def whiten_runs(c, r, reference_rows):
    """Each run's covariances whitened by the Riemannian mean of that run's trials among reference_rows (no label)."""
    out = np.empty_like(c)
    for run in RUNS:
        rows = reference_rows[r[reference_rows] == run]
        w = fn(mean_riemann(c[rows]), lambda v: 1 / np.sqrt(v))
        out[r == run] = [w @ x @ w for x in c[r == run]]
    return out


def held_out(c, y, r, folds, transform=None):
    """Per held-out trial: correct, and whether the other class's training mean holds a larger share of its run / more trials."""
    out = []
    for train, test in folds:
        cc = c if transform is None else transform(train)
        means = [mean_riemann(cc[train][y[train] == k]) for k in (0, 1)]
        for t in test:
            own, other = (y[train] == y[t]), (y[train] != y[t])
            d = [riemann_distance2(cc[t], means[k]) for k in (0, 1)]
            out.append((int(d[1] < d[0]) == y[t], np.mean(r[train][other] == r[t]) > np.mean(r[train][own] == r[t]), other.sum() > own.sum()))
    return np.array(out, dtype=bool)


def summary(rows):
    ok, run_share, larger = rows[:, 0], rows[:, 1], rows[:, 2]
    part = lambda mask: f'{ok[mask].mean():.3f} of {mask.sum()}' if mask.any() else '-'  # noqa: E731
    return {'accuracy': round(float(ok.mean()), 3), 'other_class_more_of_own_run': part(run_share), 'not': part(~run_share),
            'other_class_larger': part(larger), 'own_class_larger_or_equal': part(~larger)}


def mechanism(c, y, r):
    folds = class_folds(y)
    correct = 0
    for train, test in folds:
        means = {run: mean_riemann(c[train][r[train] == run]) for run in RUNS}
        correct += sum(min(RUNS, key=lambda run: riemann_distance2(c[t], means[run])) == r[t] for t in test)
    everything = np.arange(len(y))
    recentred_all = whiten_runs(c, r, everything)
    return {
        'run_identification': round(correct / len(y), 3),
        'mdm': summary(held_out(c, y, r, folds)),
        'recentred_per_run_all_trials': summary(held_out(recentred_all, y, r, folds)),
        'recentred_per_run_training_trials': summary(held_out(c, y, r, folds, lambda train: whiten_runs(c, r, train))),
        'folds_stratified_class_x_run': summary(held_out(c, y, r, class_folds(y, y * 100 + r))),
        'leave_one_out': summary(held_out(c, y, r, [(np.delete(everything, i), np.array([i])) for i in everything])),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default=os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'physionet-eegmmidb'))
    parser.add_argument('--null', type=int, default=0)
    parser.add_argument('--mechanism', action='store_true')
    parser.add_argument('subjects', type=int, nargs='+')
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for s in args.subjects:
        x, y, r = load(args.data, s)
        c = covariances(x)
        if args.mechanism:
            print({'subject': s, 'trials_per_run_T1_T2': {run: [int(np.sum((r == run) & (y == k))) for k in (0, 1)] for run in RUNS}, **mechanism(c, y, r)}, flush=True)
            continue
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
