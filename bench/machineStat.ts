/**
 * What the machine and one process did between two moments, from /proc (Linux): the machine's
 * busy and steal time (/proc/stat, all cores) and a process's CPU time with all its threads
 * (/proc/PID/stat utime + stime). The benches report these for every point, because the cores are
 * shared: a point measured while something else was busy, or while the hypervisor stole time, says so.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export interface MachineTimes {
  /** Ticks of all cores, by state. */
  total: number;
  idle: number;
  steal: number;
}

/** The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal guest guest_nice. */
export function machineTimes(): MachineTimes {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

export interface MachineLoad {
  /** Share of all cores' time that was busy (not idle, not iowait), steal included. */
  busy: number;
  /** Share of all cores' time the hypervisor gave to someone else. */
  steal: number;
}

export function machineLoad(before: MachineTimes, after: MachineTimes): MachineLoad {
  const total = Math.max(1, after.total - before.total);
  return { busy: 1 - (after.idle - before.idle) / total, steal: (after.steal - before.steal) / total };
}

/** CPU seconds (user + system, every thread) a process has used, from /proc/PID/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces; fields count from after it.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
}

/** Threads of a process (/proc/PID/status), to show whether media workers run. */
export function processThreads(pid: number): number {
  const match = /^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

/** The kernel's UDP counters (/proc/net/snmp): datagrams dropped because a socket's buffer was full. */
export function udpReceiveBufferErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('RcvbufErrors')] ?? NaN);
}

/** A moment to measure from: the machine's times and a process's CPU. */
export interface Moment {
  at: number;
  machine: MachineTimes;
  cpuSeconds: number;
}

export const moment = (pid: number): Moment => ({
  at: Date.now(),
  machine: machineTimes(),
  cpuSeconds: processCpuSeconds(pid),
});

export interface Interval {
  seconds: number;
  /** CPU cores the process used on average over the interval (1 = one whole core). */
  cores: number;
  machine: MachineLoad;
}

export function between(before: Moment, after: Moment): Interval {
  const seconds = (after.at - before.at) / 1000;
  return {
    seconds,
    cores: (after.cpuSeconds - before.cpuSeconds) / Math.max(0.001, seconds),
    machine: machineLoad(before.machine, after.machine),
  };
}
