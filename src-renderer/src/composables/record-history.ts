// The record history's entries for one patient (`audit.list`, newest first): the first page, "Show more" one page at a time up to the API's maximum, and the error if any.
import { ref, shallowRef } from 'vue';
import type { ApiError, AuditEntry } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { HISTORY_PAGE, mayHaveMore, nextHistoryLimit } from '../state/record-history.ts';

export function useRecordHistory(patientId: () => number) {
  const client = useClient();
  const entries = shallowRef<AuditEntry[]>([]);
  const limit = ref(HISTORY_PAGE);
  const loading = ref(false);
  const loaded = ref(false);
  const more = ref(false);
  const error = shallowRef<ApiError | null>(null);

  /** Reads the latest `limit` entries again (after the page's data changed, or with a larger limit); false when refused. */
  async function load(): Promise<boolean> {
    loading.value = true;
    try {
      const wanted = limit.value;
      const result = await client.call('audit.list', { patientId: patientId(), limit: wanted });
      if (!result.ok) {
        error.value = result.error;
        return false;
      }
      error.value = null;
      entries.value = result.value;
      more.value = mayHaveMore(result.value.length, wanted);
      loaded.value = true;
      return true;
    } finally {
      loading.value = false;
    }
  }

  /** One page more; a refused call leaves the limit as it was, so the next try asks for the same. */
  async function showMore(): Promise<void> {
    if (loading.value || !more.value) return;
    const before = limit.value;
    limit.value = nextHistoryLimit(before);
    if (!(await load())) limit.value = before;
  }

  return { entries, limit, loading, loaded, more, error, load, showMore };
}
