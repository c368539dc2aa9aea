#!/usr/bin/python3
"""Reference for NeuroFeat's standard pipelines, written from pyRiemann's and MOABB's published definitions
(pyRiemann is not installable here) with NumPy, SciPy, scikit-learn 1.2 and MNE 1.3.

Writes test/core/ml/fixtures/standard-pipelines.json (small): the input is regenerated on both sides from a
Park-Miller generator (integer arithmetic and the same order of float operations, so bit-identical), so the
fixture holds only the expected outputs.

  TS + LR   pyriemann Covariances('oas') = sklearn.covariance.oas(trial.T); TangentSpace(metric='riemann'):
            reference = mean_riemann (pyRiemann 0.5: from the arithmetic mean, J = mean log(M^-1/2 C M^-1/2),
            M <- M^1/2 expm(nu J) M^1/2, nu *= 0.95 while nu*|J| decreases else nu /= 2, until |J|_F < 1e-8),
            vectors = upper triangle (row by row) of logm(M^-1/2 C M^-1/2), off-diagonal x sqrt(2);
            LogisticRegression(C=1) (lbfgs default) and the same objective solved tightly (newton-cg, tol 1e-12).
  TS + SVM  the same tangent vectors, LinearSVC(loss='hinge', C=1) (liblinear: NeuroFeat's objective).
  CSP + LDA MOABB: pyriemann CSP(nfilter=4, metric='euclid', log=True) on the OAS covariances (class means,
            eigh(C1, C0 + C1), |lambda - 1/2| descending, features log diag(W C W^T)) + LDA (solver 'svd').
  MNE CSP   mne.decoding.CSP(n_components=4) with its defaults (reg=None, concat, mutual_info, log) + LDA.
  MDM       pyriemann MDM(metric='riemann'): class means by mean_riemann, predict_proba = softmax(-d^2).
  FgMDM     pyriemann FgMDM: FGDA (tangent space at mean_riemann of the training trials, LDA(solver='lsqr',
            shrinkage='auto'), W = coef^T (coef coef^T)^-1 coef, back to the manifold M^1/2 expm(unvec(t W)) M^1/2)
            then MDM on the filtered matrices, as written (iterative means, eigenvalue distances).

Usage: /usr/bin/python3 tools/reference/standard_pipelines_reference.py [OUT.json]
"""
import json
import sys

import numpy as np
from scipy import linalg

N_TRIALS, N_CHANNELS, N_SAMPLES, N_FOLDS = 24, 6, 160, 4


def generate():
    """Trials x[i][c][t] = sum_k A[c][k] s_k(t), source (label) amplified x1.3; labels alternate 0, 1."""
    state = [20240607]

    def uniform():
        state[0] = (state[0] * 16807) % 2147483647
        return state[0] / 2147483647 - 0.5

    mixing = [[uniform() + (2.0 if c == k else 0.0) for k in range(N_CHANNELS)] for c in range(N_CHANNELS)]
    trials, labels = [], []
    for i in range(N_TRIALS):
        label = i % 2
        sources = []
        for k in range(N_CHANNELS):
            gain = 1.3 if k == label else 1.0
            sources.append([gain * uniform() for _ in range(N_SAMPLES)])
        x = []
        for c in range(N_CHANNELS):
            row = []
            for t in range(N_SAMPLES):
                acc = 0.0
                for k in range(N_CHANNELS):
                    acc += mixing[c][k] * sources[k][t]
                row.append(acc)
            x.append(row)
        trials.append(x)
        labels.append(label)
    return np.asarray(trials), np.asarray(labels)


def folds():
    size = N_TRIALS // N_FOLDS
    return [(np.array([i for i in range(N_TRIALS) if i // size != f]), np.array([i for i in range(N_TRIALS) if i // size == f]))
            for f in range(N_FOLDS)]


def fn(c, f):
    w, v = linalg.eigh(c)
    return (v * f(w)) @ v.T


def mean_riemann(covs, tol=1e-8, maxiter=50):
    c = covs.mean(axis=0)
    nu, tau, crit = 1.0, np.finfo(np.float64).max, np.finfo(np.float64).max
    for _ in range(maxiter):
        c12, cm12 = fn(c, np.sqrt), fn(c, lambda w: 1 / np.sqrt(w))
        j = np.mean([fn(cm12 @ x @ cm12, np.log) for x in covs], axis=0)
        c = c12 @ fn(nu * j, np.exp) @ c12
        crit = np.linalg.norm(j, ord='fro')
        h = nu * crit
        if h < tau:
            nu, tau = 0.95 * nu, h
        else:
            nu = 0.5 * nu
        if crit <= tol or nu <= tol:
            break
    return c


def tangent_space(covs, ref):
    cm12 = fn(ref, lambda w: 1 / np.sqrt(w))
    n = ref.shape[0]
    iu = np.triu_indices(n)
    coeffs = (np.sqrt(2) * np.triu(np.ones((n, n)), 1) + np.eye(n))[iu]
    return np.array([fn(cm12 @ x @ cm12, np.log)[iu] * coeffs for x in covs])


def riemann_distance2(a, b):
    return float(np.sum(np.log(linalg.eigvalsh(a, b)) ** 2))


def main():
    from sklearn.covariance import oas
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    from mne.decoding import CSP
    x, y = generate()
    covs = np.array([oas(t.T)[0] for t in x])
    out = {"nTrials": N_TRIALS, "nChannels": N_CHANNELS, "nSamples": N_SAMPLES, "nFolds": N_FOLDS,
           "covariance0": covs[0].ravel().tolist(), "folds": []}
    for tr, te in folds():
        ref = mean_riemann(covs[tr])
        ts_tr, ts_te = tangent_space(covs[tr], ref), tangent_space(covs[te], ref)
        lr = LogisticRegression(C=1.0).fit(ts_tr, y[tr])
        lr_tight = LogisticRegression(C=1.0, solver='newton-cg', tol=1e-12, max_iter=10000).fit(ts_tr, y[tr])
        svm = LinearSVC(loss='hinge', C=1.0, max_iter=100000, tol=1e-10).fit(ts_tr, y[tr])
        # pyriemann CSP (euclid) + LDA, as in MOABB's CSP + LDA pipeline
        means = [covs[tr][y[tr] == c].mean(axis=0) for c in (0, 1)]
        evals, evecs = linalg.eigh(means[1], means[0] + means[1])
        order = np.argsort(np.abs(evals - 0.5))[::-1]
        w = evecs[:, order[:4]].T
        feat = lambda cs: np.array([np.log(np.diag(w @ c @ w.T)) for c in cs])
        lda = LinearDiscriminantAnalysis().fit(feat(covs[tr]), y[tr])
        # MNE's CSP with its defaults
        mne_csp = CSP(n_components=4)
        f_tr = mne_csp.fit_transform(x[tr], y[tr])
        mne_lda = LinearDiscriminantAnalysis().fit(f_tr, y[tr])
        # MDM
        class_means = [mean_riemann(covs[tr][y[tr] == c]) for c in (0, 1)]
        d2 = np.array([[riemann_distance2(c, m) for m in class_means] for c in covs[te]])
        mdm = np.exp(-d2) / np.exp(-d2).sum(axis=1, keepdims=True)
        # FgMDM, literally
        fg_lda = LinearDiscriminantAnalysis(solver='lsqr', shrinkage='auto').fit(ts_tr, y[tr])
        coef = fg_lda.coef_
        proj = coef.T @ np.linalg.pinv(coef @ coef.T) @ coef
        c12 = fn(ref, np.sqrt)
        n = ref.shape[0]
        iu = np.triu_indices(n)

        def untangent(t):
            m = np.zeros((n, n))
            m[iu] = t
            m = m + m.T - np.diag(np.diag(m))
            off = ~np.eye(n, dtype=bool)
            m[off] /= np.sqrt(2)
            return c12 @ fn(m, np.exp) @ c12
        filt_tr = np.array([untangent(t) for t in ts_tr @ proj])
        filt_te = np.array([untangent(t) for t in ts_te @ proj])
        fg_means = [mean_riemann(filt_tr[y[tr] == c]) for c in (0, 1)]
        fd2 = np.array([[riemann_distance2(c, m) for m in fg_means] for c in filt_te])
        fgmdm = np.exp(-fd2) / np.exp(-fd2).sum(axis=1, keepdims=True)
        out["folds"].append({
            "fgmdm": fgmdm[:, 1].tolist(),
            "train": tr.tolist(), "test": te.tolist(),
            "reference": ref.ravel().tolist(),
            "tangentTest0": ts_te[0].tolist(),
            "tsLr": lr.predict_proba(ts_te)[:, 1].tolist(),
            "tsLrTight": lr_tight.predict_proba(ts_te)[:, 1].tolist(),
            "tsSvmLabels": svm.predict(ts_te).tolist(),
            "tsSvmDecision": svm.decision_function(ts_te).tolist(),
            "cspLda": lda.predict_proba(feat(covs[te]))[:, 1].tolist(),
            "mneCspLda": mne_lda.predict_proba(mne_csp.transform(x[te]))[:, 1].tolist(),
            "mdm": mdm[:, 1].tolist(),
        })
    path = sys.argv[1] if len(sys.argv) > 1 else "test/core/ml/fixtures/standard-pipelines.json"
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
