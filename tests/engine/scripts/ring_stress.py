# Many records at once from processes and their threads: every line must
# arrive once, in each writer's order (more than a ring holds, so the
# writers wait for the engine and the rings wrap).
import multiprocessing as mp
import threading

LINES = 3000


def write(who):
    for i in range(LINES):
        print(f"{who} {i}")


def process(n):
    threads = [threading.Thread(target=write, args=(f"p{n}-t{t}",)) for t in range(2)]
    for t in threads:
        t.start()
    write(f"p{n}-main")
    for t in threads:
        t.join()


if __name__ == "__main__":
    children = [mp.Process(target=process, args=(n,)) for n in range(3)]
    for c in children:
        c.start()
    process("main")
    for c in children:
        c.join()
