# concurrent.futures' ProcessPoolExecutor: three submits, then a map.
from concurrent.futures import ProcessPoolExecutor


def square(n):
    return n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(square, n) for n in range(3)]
        print("submitted", [f.result() for f in futures])
        print("mapped", list(executor.map(square, range(3, 6))))
