import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { OpenPeriod, Schedule, ScheduleException, Weekday } from '@vaxel/domain';
import { fieldError, type FieldErrors } from '../api/problem.ts';
import { useOrg } from '../org/OrgContext.tsx';

export const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Office hours Monday to Friday, the usual starting point when a schedule is switched on. */
export function officeHours(): Schedule {
  return {
    openPeriods: weekdays.slice(0, 5).map((day) => ({ day, open: '08:00', close: '17:00' })),
    exceptions: [],
  };
}

type Props = {
  label: string;
  value: Schedule | null;
  onChange: (schedule: Schedule | null) => void;
  /** Field errors below this schedule's path (`openPeriods.2.close`, `exceptions.0.date`). */
  errors?: FieldErrors;
};

/** Weekly opening hours and dated exceptions in the organisation's time zone (R15, R22); null is always open. */
export function ScheduleEditor({ label, value, onChange, errors = {} }: Props) {
  const { t } = useTranslation();
  const org = useOrg();

  const setPeriods = (openPeriods: OpenPeriod[]) => value && onChange({ ...value, openPeriods });
  const setExceptions = (exceptions: ScheduleException[]) => value && onChange({ ...value, exceptions });
  const orderError = (open: string, close: string) =>
    open && close && open >= close ? t('schedule.orderError') : undefined;

  function copyMonday() {
    if (!value) return;
    const monday = value.openPeriods.filter((p) => p.day === 'mon');
    const others = value.openPeriods.filter((p) => !['tue', 'wed', 'thu', 'fri'].includes(p.day));
    const copies = (['tue', 'wed', 'thu', 'fri'] as Weekday[]).flatMap((day) => monday.map((p) => ({ ...p, day })));
    setPeriods([...others, ...copies]);
  }

  return (
    <Stack gap="xs" role="group" aria-label={label}>
      <Checkbox
        label={`${label}: ${t('schedule.alwaysOpen')}`}
        checked={value === null}
        onChange={(e) => onChange(e.currentTarget.checked ? null : officeHours())}
      />
      {value && (
        <>
          <Text size="xs" c="dimmed">
            {t('schedule.timeZone', { zone: org.timeZone })}
          </Text>
          <Text size="sm" fw={500}>
            {t('schedule.weekly')}
          </Text>
          {weekdays.map((day) => {
            const dayName = t(`schedule.days.${day}`);
            const indexed = value.openPeriods.map((p, index) => ({ p, index })).filter(({ p }) => p.day === day);
            return (
              <Group key={day} align="flex-start" gap="xs" wrap="nowrap">
                <Text size="sm" w={90} pt={6}>
                  {dayName}
                </Text>
                <Stack gap={4} style={{ flex: 1 }}>
                  {indexed.length === 0 && (
                    <Text size="sm" c="dimmed" pt={6}>
                      {t('schedule.closed')}
                    </Text>
                  )}
                  {indexed.map(({ p, index }, n) => (
                    <Group key={index} gap="xs" align="flex-start">
                      <TextInput
                        type="time"
                        label={`${dayName} ${n + 1}: ${t('schedule.opens')}`}
                        value={p.open}
                        onChange={(e) =>
                          setPeriods(
                            value.openPeriods.map((q, i) => (i === index ? { ...q, open: e.currentTarget.value } : q)),
                          )
                        }
                        error={fieldError(errors, `openPeriods.${index}.open`)}
                        size="xs"
                        w={130}
                      />
                      <TextInput
                        type="time"
                        label={`${dayName} ${n + 1}: ${t('schedule.closes')}`}
                        value={p.close}
                        onChange={(e) =>
                          setPeriods(
                            value.openPeriods.map((q, i) => (i === index ? { ...q, close: e.currentTarget.value } : q)),
                          )
                        }
                        error={fieldError(errors, `openPeriods.${index}.close`) ?? orderError(p.open, p.close)}
                        size="xs"
                        w={130}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        mt={22}
                        aria-label={`${t('schedule.removePeriod')}: ${dayName} ${n + 1}`}
                        onClick={() => setPeriods(value.openPeriods.filter((_, i) => i !== index))}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  ))}
                </Stack>
                <ActionIcon
                  variant="light"
                  aria-label={t('schedule.addPeriod', { day: dayName })}
                  onClick={() => setPeriods([...value.openPeriods, { day, open: '08:00', close: '17:00' }])}
                  mt={4}
                >
                  <IconPlus size={16} aria-hidden />
                </ActionIcon>
              </Group>
            );
          })}
          <Button variant="subtle" size="xs" onClick={copyMonday} style={{ alignSelf: 'flex-start' }}>
            {t('schedule.copyMonday')}
          </Button>
          <Text size="sm" fw={500}>
            {t('schedule.exceptions')}
          </Text>
          {(value.exceptions ?? []).map((ex, index) => (
            <Paper key={index} withBorder p="xs">
              <Group align="flex-start" gap="xs">
                <TextInput
                  type="date"
                  label={`${t('schedule.date')} ${index + 1}`}
                  value={ex.date}
                  onChange={(e) =>
                    setExceptions(
                      value.exceptions.map((x, i) => (i === index ? { ...x, date: e.currentTarget.value } : x)),
                    )
                  }
                  error={fieldError(errors, `exceptions.${index}.date`)}
                  size="xs"
                />
                <TextInput
                  label={`${t('schedule.exceptionName')} ${index + 1}`}
                  value={ex.name}
                  onChange={(e) =>
                    setExceptions(
                      value.exceptions.map((x, i) => (i === index ? { ...x, name: e.currentTarget.value } : x)),
                    )
                  }
                  error={fieldError(errors, `exceptions.${index}.name`)}
                  size="xs"
                />
                <Checkbox
                  mt={26}
                  label={`${t('schedule.closedAllDay')} (${index + 1})`}
                  checked={ex.openPeriods.length === 0}
                  onChange={(e) =>
                    setExceptions(
                      value.exceptions.map((x, i) =>
                        i === index
                          ? { ...x, openPeriods: e.currentTarget.checked ? [] : [{ open: '10:00', close: '14:00' }] }
                          : x,
                      ),
                    )
                  }
                />
                {ex.openPeriods.map((p, pi) => (
                  <Group key={pi} gap="xs">
                    <TextInput
                      type="time"
                      size="xs"
                      label={`${t('schedule.opens')} (${index + 1})`}
                      value={p.open}
                      error={fieldError(errors, `exceptions.${index}.openPeriods.${pi}.open`)}
                      onChange={(e) =>
                        setExceptions(
                          value.exceptions.map((x, i) =>
                            i === index
                              ? {
                                  ...x,
                                  openPeriods: x.openPeriods.map((q, j) =>
                                    j === pi ? { ...q, open: e.currentTarget.value } : q,
                                  ),
                                }
                              : x,
                          ),
                        )
                      }
                    />
                    <TextInput
                      type="time"
                      size="xs"
                      label={`${t('schedule.closes')} (${index + 1})`}
                      value={p.close}
                      error={
                        fieldError(errors, `exceptions.${index}.openPeriods.${pi}.close`) ?? orderError(p.open, p.close)
                      }
                      onChange={(e) =>
                        setExceptions(
                          value.exceptions.map((x, i) =>
                            i === index
                              ? {
                                  ...x,
                                  openPeriods: x.openPeriods.map((q, j) =>
                                    j === pi ? { ...q, close: e.currentTarget.value } : q,
                                  ),
                                }
                              : x,
                          ),
                        )
                      }
                    />
                  </Group>
                ))}
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={`${t('schedule.removeException')} ${index + 1}`}
                  onClick={() => setExceptions(value.exceptions.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() => setExceptions([...(value.exceptions ?? []), { date: '', name: '', openPeriods: [] }])}
          >
            {t('schedule.addException')}
          </Button>
        </>
      )}
    </Stack>
  );
}
