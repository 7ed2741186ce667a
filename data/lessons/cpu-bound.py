# cpu-bound: more workers than CPUs, all doing real arithmetic
import time
import multiprocessing as mp

BLOCK = 200_000


def count_primes(block):
    # Trial division: slow on purpose, so that each task keeps a CPU busy.
    start, stop = block * BLOCK, (block + 1) * BLOCK
    found = 0
    for n in range(max(start, 2), stop):
        d = 2
        while d * d <= n and n % d:
            d += 1
        if d * d > n:
            found += 1
    return found


if __name__ == "__main__":
    workers = 2 * mp.cpu_count()  #<<
    started = time.perf_counter()
    with mp.Pool(processes=workers) as pool:
        counts = pool.map(count_primes, range(2 * workers))  #<<
    elapsed = time.perf_counter() - started
    print(f"{sum(counts)} primes below {2 * workers * BLOCK}")
    print(f"{workers} workers on {mp.cpu_count()} CPUs: {elapsed:.2f} seconds")
