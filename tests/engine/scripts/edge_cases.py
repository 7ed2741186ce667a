# What must behave under the tracer exactly as under plain python3.
import multiprocessing as mp
import queue


class NoRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


def send_three(conn):
    for i in range(3):
        conn.send(i)


def spawn():
    # the parent drops its copy of the sending end when this returns
    a, b = mp.Pipe()
    p = mp.Process(target=send_three, args=(b,))
    p.start()
    return a, p


def lock_in_child():
    lock = mp.Lock()
    with lock:
        print("child locked")


if __name__ == "__main__":
    print("partial ", end="")
    conn, p = spawn()
    p.join()
    while True:
        try:
            print("got", conn.recv())
        except EOFError:
            print("eof")
            break
    c = mp.Process(target=lock_in_child)
    c.start()
    c.join()
    big = mp.Array("Q", [2 ** 64 - 1])
    print("big", big[0])
    full = mp.Queue(1)
    full.put(1)
    try:
        full.put_nowait(2)
    except queue.Full:
        print("full")
    q = mp.Queue()
    q.put(NoRepr())
    print("put without repr ok")
    print("last line without newline", end="")
