import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidStateError, RtpPortsExhaustedError } from './errors.ts';
import { RtpPortPool } from './rtp-port-pool.ts';

const pools: RtpPortPool[] = [];
function pool(minPort: number, maxPort: number, address = '127.0.0.1', quarantine?: number): RtpPortPool {
  const created = new RtpPortPool({ minPort, maxPort, address, ...(quarantine === undefined ? {} : { quarantine }) });
  pools.push(created);
  return created;
}

afterEach(() => {
  for (const p of pools.splice(0)) p.close();
});

describe('RtpPortPool', () => {
  it('allocates even RTP ports with the odd RTCP port above, bound on the address', async () => {
    const ports = pool(27001, 27010);
    const allocation = await ports.allocate();
    expect(allocation.rtpPort % 2).toBe(0);
    expect(allocation.rtpPort).toBeGreaterThanOrEqual(27002);
    expect(allocation.rtpPort).toBeLessThanOrEqual(27008);
    expect(allocation.rtcpPort).toBe(allocation.rtpPort + 1);
    expect(allocation.rtpSocket.address()).toMatchObject({ address: '127.0.0.1', port: allocation.rtpPort });
    expect(allocation.rtcpSocket.address()).toMatchObject({ port: allocation.rtpPort + 1 });
    expect(ports.inUse).toBe(1);
  });

  it('counts allocations in use and releases each once', async () => {
    const ports = pool(27020, 27029);
    const a = await ports.allocate();
    const b = await ports.allocate();
    expect(ports.inUse).toBe(2);
    a.release();
    a.release();
    expect(ports.inUse).toBe(1);
    b.release();
    expect(ports.inUse).toBe(0);
  });

  it('does not hand out the port just released to the next call', async () => {
    const ports = pool(27040, 27049);
    const first = await ports.allocate();
    first.release();
    const second = await ports.allocate();
    expect(second.rtpPort).not.toBe(first.rtpPort);
  });

  it('skips ports another program holds', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(27060, '127.0.0.1', resolve));
    try {
      const allocation = await pool(27060, 27069).allocate();
      expect(allocation.rtpPort).not.toBe(27060);
      expect(allocation.rtpPort).toBeGreaterThanOrEqual(27062);
    } finally {
      squatter.close();
    }
  });

  it('throws RtpPortsExhaustedError when every pair is taken', async () => {
    const ports = pool(27080, 27083);
    await ports.allocate();
    await ports.allocate();
    await expect(ports.allocate()).rejects.toBeInstanceOf(RtpPortsExhaustedError);
    expect(ports.inUse).toBe(2);
  });

  it('gives concurrent allocations distinct ports', async () => {
    const ports = pool(27100, 27119);
    const allocations = await Promise.all([ports.allocate(), ports.allocate(), ports.allocate()]);
    expect(new Set(allocations.map((a) => a.rtpPort)).size).toBe(3);
  });

  it('binds on IPv6 loopback', async () => {
    const allocation = await pool(27140, 27149, '::1').allocate();
    expect(allocation.rtpSocket.address()).toMatchObject({ address: '::1', family: 'IPv6' });
  });

  it('releases everything on close and refuses to allocate afterwards', async () => {
    const ports = pool(27160, 27169);
    await ports.allocate();
    ports.close();
    ports.close();
    expect(ports.inUse).toBe(0);
    await expect(ports.allocate()).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('hands ports out at random, not in order', async () => {
    // 100 pairs; 12 allocations in order would be 27800, 27802, … — at random, almost never.
    const ports = pool(27800, 27999);
    const handed: number[] = [];
    for (let i = 0; i < 12; i++) handed.push((await ports.allocate()).rtpPort);
    const inOrder = handed.every((port, i) => i === 0 || port === handed[i - 1]! + 2);
    expect(inOrder).toBe(false);
    expect(handed.every((port) => port % 2 === 0 && port >= 27800 && port <= 27998)).toBe(true);
  });

  it('lets the random source it is given choose among all free pairs', async () => {
    // Sources that always take the last or the first candidate hand out the range downwards or
    // upwards: the draw decides (whatever pairs another program may hold in the range).
    const draws: number[] = [];
    const last = new RtpPortPool({
      minPort: 27620,
      maxPort: 27639,
      address: '127.0.0.1',
      random: (max) => (draws.push(max), max - 1),
    });
    const first = new RtpPortPool({ minPort: 27620, maxPort: 27639, address: '127.0.0.1', random: () => 0 });
    pools.push(last, first);
    const down = [(await last.allocate()).rtpPort, (await last.allocate()).rtpPort, (await last.allocate()).rtpPort];
    expect(draws[0]).toBe(10);
    last.close();
    const up = [(await first.allocate()).rtpPort, (await first.allocate()).rtpPort, (await first.allocate()).rtpPort];
    expect(down[0]).toBeGreaterThan(down[1]!);
    expect(down[1]).toBeGreaterThan(down[2]!);
    expect(up[0]).toBeLessThan(up[1]!);
    expect(up[1]).toBeLessThan(up[2]!);
  });

  it('draws once from the whole range while the drawn pair is free', async () => {
    const draws: number[] = [];
    const ports = new RtpPortPool({
      minPort: 27600,
      maxPort: 27619,
      address: '127.0.0.1',
      random: (max) => (draws.push(max), draws.length - 1),
    });
    pools.push(ports);
    const handed = [(await ports.allocate()).rtpPort, (await ports.allocate()).rtpPort];
    expect(draws).toEqual([10, 10]);
    expect(handed).toEqual([27600, 27602]);
  });

  it('keeps recently released ports out of use while others are free', async () => {
    const ports = pool(27640, 27659, '127.0.0.1', 5); // 10 pairs, the last 5 released wait
    const released: number[] = [];
    for (let i = 0; i < 40; i++) {
      const allocation = await ports.allocate();
      expect(released.slice(-5)).not.toContain(allocation.rtpPort);
      allocation.release();
      released.push(allocation.rtpPort);
    }
    // Still spread over the range, not bouncing between two pairs.
    expect(new Set(released).size).toBeGreaterThanOrEqual(8);
  });

  it('hands out a quarantined port (the one released longest ago) rather than fail', async () => {
    const ports = pool(27680, 27685, '127.0.0.1', 2); // 3 pairs
    const [a, b, c] = [await ports.allocate(), await ports.allocate(), await ports.allocate()];
    b.release();
    a.release();
    const next = await ports.allocate();
    expect(next.rtpPort).toBe(b.rtpPort);
    expect(c.rtpPort).not.toBe(next.rtpPort);
  });

  it('never hands out a pair twice: the whole range, then exhausted', async () => {
    const ports = pool(27700, 27739);
    const all = await Promise.all(Array.from({ length: ports.capacity }, () => ports.allocate()));
    expect(new Set(all.map((a) => a.rtpPort)).size).toBe(20);
    await expect(ports.allocate()).rejects.toBeInstanceOf(RtpPortsExhaustedError);
  });

  it('rejects a range without a pair and an address that is not an IP', () => {
    expect(() => new RtpPortPool({ minPort: 27001, maxPort: 27002, address: '127.0.0.1' })).toThrow(RangeError);
    expect(() => new RtpPortPool({ minPort: 27000, maxPort: 27010, address: 'localhost' })).toThrow(RangeError);
  });
});
