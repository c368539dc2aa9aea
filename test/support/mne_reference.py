"""Reference values from MNE-Python for the format tests: one JSON line per file, samples as float64 files.

Usage: mne_reference.py OUT_DIR FILE...   (reads EDF/BDF/GDF with MNE's read_raw_*, preload=True)
For each FILE writes OUT_DIR/<index>.bin ([channel][sample] float64, volts as MNE gives them) and prints
{"file", "sfreq", "ch_names", "n_times", "units", "annotations": [[onset, duration, description]...], "warnings": [...]}.
"""
import json
import os
import sys
import warnings

import mne
import numpy as np

mne.set_log_level('ERROR')
out_dir = sys.argv[1]
for index, path in enumerate(sys.argv[2:]):
    ext = os.path.splitext(path)[1].lower()
    reader = {'.edf': mne.io.read_raw_edf, '.bdf': mne.io.read_raw_bdf, '.gdf': mne.io.read_raw_gdf}[ext]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            raw = reader(path, preload=True, stim_channel=None) if ext != '.gdf' else reader(path, preload=True)
        except Exception as error:  # the test decides whether a failure is expected
            print(json.dumps({'file': path, 'error': f'{type(error).__name__}: {error}'}), flush=True)
            continue
    data = raw.get_data()
    data.astype('<f8').tofile(os.path.join(out_dir, f'{index}.bin'))
    orig_units = getattr(raw, '_orig_units', {}) or {}
    print(json.dumps({
        'file': path,
        'sfreq': raw.info['sfreq'],
        'ch_names': raw.ch_names,
        'n_times': int(raw.n_times),
        'units': [orig_units.get(name, '') for name in raw.ch_names],
        'annotations': [[float(a['onset']), float(a['duration']), str(a['description'])] for a in raw.annotations],
        'warnings': [str(w.message) for w in caught],
    }), flush=True)
