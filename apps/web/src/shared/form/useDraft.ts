import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../components/notify.ts';
import { problemFieldErrors, type FieldErrors } from '../api/problem.ts';

/**
 * A form's working copy of a saved value, and the save of it. The copy follows the saved value
 * when that changes on the server (after a save or a refetch) unless the person is editing.
 */
export function useDraft<T, R = unknown>(
  saved: T,
  save: (draft: T) => Promise<R>,
  options: { onSaved?: (result: R) => void } = {},
) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<T>(saved);
  const savedJson = JSON.stringify(saved);
  const lastSaved = useRef(savedJson);
  const dirty = JSON.stringify(draft) !== savedJson;

  useEffect(() => {
    if (lastSaved.current !== savedJson) {
      lastSaved.current = savedJson;
      setDraft(JSON.parse(savedJson) as T);
    }
  }, [savedJson]);

  const mutation = useMutation({
    mutationFn: () => save(draft),
    onSuccess: (result) => {
      notify(t('common.saved'));
      options.onSaved?.(result);
    },
  });
  const errors: FieldErrors = problemFieldErrors(mutation.error);
  return { draft, setDraft, dirty, errors, mutation, reset: () => setDraft(JSON.parse(savedJson) as T) };
}
