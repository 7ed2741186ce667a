# pool-map: a pool of five workers squares a list of numbers
import multiprocessing as mp

WORKERS = 5  # pool processes


def square(n):
    return n ** 2


if __name__ == "__main__":
    numbers = [3, 4, 5, 6, 6, 7, 87, 8, 8]
    with mp.Pool(processes=WORKERS) as pool:  #<<
        squares = pool.map(square, numbers)  #<<
    print(squares)
    # [9, 16, 25, 36, 36, 49, 7569, 64, 64]
