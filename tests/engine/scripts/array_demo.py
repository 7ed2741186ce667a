# Three processes square one cell each of a shared Array.
import multiprocessing as mp


def square(cells, i):
    cells[i] = cells[i] * cells[i]


if __name__ == "__main__":
    cells = mp.Array("i", [2, 3, 6])
    ps = [mp.Process(target=square, args=(cells, i)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(list(cells))
