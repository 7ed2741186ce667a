# One Pool: map, apply, apply_async and imap; its tasks are numbered across them.
import multiprocessing as mp
def sq(x):
    return x * x
if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(sq, range(3)))
        print(pool.apply(sq, (7,)))
        r = pool.apply_async(sq, (8,))
        print(r.get())
        print(list(pool.imap(sq, range(4), chunksize=2)))
