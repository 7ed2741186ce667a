# More processes alive at once than the engine has ring slots (128): the
# rest write to the pipe, and every line arrives.
import multiprocessing as mp

PROCESSES = 140


def child(n, go):
    print(f"child {n} is alive")
    go.wait()


if __name__ == "__main__":
    go = mp.Event()
    children = [mp.Process(target=child, args=(n, go)) for n in range(PROCESSES)]
    for c in children:
        c.start()
    print("all started")
    go.set()
    for c in children:
        c.join()
    print("all joined")
