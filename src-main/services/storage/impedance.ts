// Electrode impedance measurements of a session in the database (migration 4).
import type { DatabaseSync } from 'node:sqlite';
import type { ChannelImpedance, ImpedanceMeasurement } from '../../contract/api.ts';
import { appendAudit, inTransaction, patientOfSession } from './audit.ts';

interface ImpedanceRow {
  session_id: number;
  device: string;
  measured_at: string;
  threshold_kohm: number;
  channels_json: string;
  go: number;
}

/**
 * Saves a finished measurement of a session's acquisition (one outside a session is not saved: it has no session)
 * and its audit entry `impedance.measured`, in one transaction.
 */
export function saveImpedanceMeasurement(db: DatabaseSync, measurement: ImpedanceMeasurement & { sessionId: number }, now = new Date()): void {
  inTransaction(db, () => {
    const result = db.prepare('INSERT INTO impedance_measurements (session_id, device, measured_at, threshold_kohm, channels_json, go) VALUES (?, ?, ?, ?, ?, ?)').run(
      measurement.sessionId, measurement.device, measurement.measuredAt, measurement.thresholdKOhm, JSON.stringify(measurement.channels), measurement.go ? 1 : 0,
    );
    const id = Number(result.lastInsertRowid);
    appendAudit(db, {
      action: 'impedance.measured',
      subject: `impedance:${id}`,
      details: {
        patientId: patientOfSession(db, measurement.sessionId), sessionId: measurement.sessionId, device: measurement.device,
        measuredAt: measurement.measuredAt, thresholdKOhm: measurement.thresholdKOhm, channels: measurement.channels.length, go: measurement.go,
      },
    }, now);
  });
}

/** The session's last measurement made at or before `at` (ISO 8601), or null. */
export function lastImpedanceBefore(db: DatabaseSync, sessionId: number, at: string): ImpedanceMeasurement | null {
  return listImpedanceMeasurements(db, sessionId).find((m) => m.measuredAt <= at) ?? null;
}

/** The session's measurements, newest first. */
export function listImpedanceMeasurements(db: DatabaseSync, sessionId: number): ImpedanceMeasurement[] {
  const rows = db.prepare('SELECT * FROM impedance_measurements WHERE session_id = ? ORDER BY measured_at DESC, id DESC').all(sessionId) as unknown as ImpedanceRow[];
  return rows.map((row) => ({
    device: row.device, sessionId: row.session_id, measuredAt: row.measured_at, thresholdKOhm: row.threshold_kohm,
    channels: JSON.parse(row.channels_json) as ChannelImpedance[], go: row.go === 1,
  }));
}
