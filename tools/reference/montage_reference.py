# Projects MNE's standard_1005 template (a real head) the way core/montage.ts projects its spherical model:
# fitted-sphere centre, angle from Cz over 180 degrees, azimuth. Prints {label: [x, y]} as JSON.
import json, numpy as np, mne
m = mne.channels.make_standard_montage('standard_1005')
pos = m.get_positions()['ch_pos']
labels = ['FC5','FC3','FC1','FCz','FC2','FC4','FC6','C5','C3','C1','Cz','C2','C4','C6','CP5','CP3','CP1','CPz','CP2','CP4','CP6','Fp1','Fpz','Fp2','AF7','AF3','AFz','AF4','AF8','F7','F5','F3','F1','Fz','F2','F4','F6','F8','FT7','FT8','T7','T8','T9','T10','TP7','TP8','P7','P5','P3','P1','Pz','P2','P4','P6','P8','PO7','PO3','POz','PO4','PO8','O1','Oz','O2','Iz']
# sphere fit centre
X = np.array([pos[l] for l in labels])
A = np.c_[2*X, np.ones(len(X))]; b = (X**2).sum(1)
c = np.linalg.lstsq(A, b, rcond=None)[0][:3]
cz = pos['Cz'] - c; cz /= np.linalg.norm(cz)
out = {}
for l in labels:
    v = pos[l] - c; v /= np.linalg.norm(v)
    ang = np.arccos(np.clip(v @ cz, -1, 1))
    p = v - (v @ cz) * cz
    n = np.linalg.norm(p)
    r = ang / np.pi
    out[l] = [float(r * p[0] / n) if n else 0.0, float(r * p[1] / n) if n else 0.0]
print(json.dumps(out))
