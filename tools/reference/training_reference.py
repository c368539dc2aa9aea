#!/usr/bin/python3
"""Reference results for NeuroFeat's training code (scikit-learn 1.2, MNE 1.3, scipy), called by the tests.

Usage: /usr/bin/python3 tools/reference/training_reference.py COMMAND < input.json > output.json
  classifiers  {x[n][p], y[n], folds[{train,test}]} -> per fold: slda, lda, logreg predictions and probabilities,
               plus Ledoit-Wolf and OAS shrinkage of the whole x
  eigh         {a[n][n], b[n][n]} -> scipy.linalg.eigh(a, b) values
  csp-epochs   {files, fmin, fmax, tmin, tmax, epochsOut} -> epochs (µV, float64) written to epochsOut, labels
  csp          {epochs, shape, labels, folds} -> MNE CSP + sklearn LDA accuracy per fold
  binomial     {n[], kn[[k, n]]} -> scipy chance levels and statsmodels Clopper-Pearson intervals
  kappa        {truth[], predicted[]} -> scikit-learn kappa and balanced accuracy
  trend        {cases[{x[], y[]}]} -> statsmodels binomial GLM (logit) of y on [1, x]: params, slope SE, p, 95% CI
"""
import json
import sys

import numpy as np


def classifiers(req):
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    from sklearn.covariance import ledoit_wolf, oas
    x = np.asarray(req["x"], dtype=float)
    y = np.asarray(req["y"], dtype=int)
    out = {"folds": []}
    for fold in req["folds"]:
        tr, te = np.asarray(fold["train"]), np.asarray(fold["test"])
        res = {}
        models = {
            "slda": LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"),
            "lda": LinearDiscriminantAnalysis(solver="lsqr"),
            # The same objective solved tightly (for probabilities), and with the default solver (for labels).
            "logreg": LogisticRegression(C=1.0, solver="newton-cg", max_iter=10000, tol=1e-12),
            "logregDefault": LogisticRegression(C=1.0),
        }
        if req.get("svm"):
            # liblinear's L1-loss SVM with the intercept as a penalised constant feature: our SVM's objective.
            models["svm"] = LinearSVC(loss="hinge", C=1.0, intercept_scaling=1.0, tol=1e-8, max_iter=200000)
        for name, model in models.items():
            model.fit(x[tr], y[tr])
            res[name] = {
                "predicted": model.predict(x[te]).tolist(),
                "probability": (model.predict_proba(x[te])[:, 1] if hasattr(model, "predict_proba") else model.decision_function(x[te])).tolist(),
                "weights": np.ravel(model.coef_).tolist(),
                "bias": float(np.ravel(model.intercept_)[0]),
            }
        out["folds"].append(res)
    _, lw = ledoit_wolf(x)
    _, oa = oas(x)
    out["ledoitWolfShrinkage"] = float(lw)
    out["oasShrinkage"] = float(oa)
    return out


def eigh(req):
    from scipy import linalg
    a = np.asarray(req["a"], dtype=float)
    if "b" in req:
        w, v = linalg.eigh(a, np.asarray(req["b"], dtype=float))
    else:
        w, v = linalg.eigh(a)
    return {"values": w.tolist()}


def csp_epochs(req):
    """S001 runs 4, 8, 12: CAR, 8-30 Hz IIR band-pass, epochs [tmin, tmax] after T1/T2; MNE CSP + sklearn LDA."""
    import mne
    mne.set_log_level("ERROR")
    raws = [mne.io.read_raw_edf(f, preload=True) for f in req["files"]]
    raw = mne.concatenate_raws(raws)
    raw.set_eeg_reference("average", projection=False)
    raw.filter(req["fmin"], req["fmax"], method="iir", iir_params=dict(order=4, ftype="butter", output="sos"))
    events, ids = mne.events_from_annotations(raw, event_id={"T1": 1, "T2": 2})
    epochs = mne.Epochs(raw, events, ids, tmin=req["tmin"], tmax=req["tmax"], baseline=None, preload=True)
    x = epochs.get_data() * 1e6
    y = epochs.events[:, -1] - 1
    x.astype("<f8").tofile(req["epochsOut"])
    return {"shape": list(x.shape), "labels": y.tolist()}


def csp(req):
    """MNE CSP (6 components, Ledoit-Wolf, log-variance) + sklearn LDA on epochs written by csp_epochs."""
    import mne
    mne.set_log_level("ERROR")
    from mne.decoding import CSP
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    x = np.fromfile(req["epochs"], dtype="<f8").reshape(req["shape"])
    y = np.asarray(req["labels"], dtype=int)
    accs = []
    for fold in req["folds"]:
        tr, te = np.asarray(fold["train"]), np.asarray(fold["test"])
        # rank="full": the common-average-referenced data are rank-deficient, and MNE would otherwise project
        # to the estimated rank and leave a singular covariance; Ledoit-Wolf on the full matrix is what we compare.
        c = CSP(n_components=6, reg="ledoit_wolf", log=True, rank="full")
        lda = LinearDiscriminantAnalysis()
        lda.fit(c.fit_transform(x[tr], y[tr]), y[tr])
        pred = lda.predict(c.transform(x[te]))
        accs.append(float(np.mean(pred == y[te])))
    return {"foldAccuracy": accs}


def binomial(req):
    """Chance levels binom.ppf(0.95, n, 0.5) / n and Clopper-Pearson intervals (statsmodels 'beta')."""
    from scipy.stats import binom
    from statsmodels.stats.proportion import proportion_confint
    return {
        "chance": [float(binom.ppf(0.95, n, 0.5) / n) for n in req["n"]],
        "ci": [list(proportion_confint(k, n, alpha=0.05, method="beta")) for k, n in req["kn"]],
    }


def kappa(req):
    from sklearn.metrics import cohen_kappa_score, balanced_accuracy_score
    return {"kappa": float(cohen_kappa_score(req["truth"], req["predicted"])),
            "balanced": float(balanced_accuracy_score(req["truth"], req["predicted"]))}


def trend(req):
    """Logistic regression of per-trial success on time, as a binomial GLM (the review's trend of online accuracy)."""
    import statsmodels.api as sm
    out = []
    for case in req["cases"]:
        x = sm.add_constant(np.asarray(case["x"], dtype=float))
        fit = sm.GLM(np.asarray(case["y"], dtype=float), x, family=sm.families.Binomial()).fit()
        ci = fit.conf_int(alpha=0.05)
        out.append({"intercept": float(fit.params[0]), "slope": float(fit.params[1]), "slopeSe": float(fit.bse[1]),
                    "pValue": float(fit.pvalues[1]), "ci": [float(ci[1][0]), float(ci[1][1])]})
    return {"fits": out}


if __name__ == "__main__":
    command = sys.argv[1]
    request = json.load(sys.stdin)
    json.dump({"classifiers": classifiers, "eigh": eigh, "csp-epochs": csp_epochs, "csp": csp,
                "binomial": binomial, "kappa": kappa, "trend": trend}[command](request), sys.stdout)
