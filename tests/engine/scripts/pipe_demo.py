# A sender sends three messages on a Pipe and closes its end; the receiver
# closes the end it does not use and reads until EOF.
import multiprocessing as mp


def sender(conn, unused):
    unused.close()
    for word in ["hello", "from", "the pipe"]:
        conn.send(word)
    conn.close()


def receiver(conn, unused):
    unused.close()
    while True:
        try:
            print("got", conn.recv())
        except EOFError:
            print("eof")
            break


if __name__ == "__main__":
    a, b = mp.Pipe()
    ps = [mp.Process(target=sender, args=(a, b)), mp.Process(target=receiver, args=(b, a))]
    for p in ps:
        p.start()
    a.close()
    b.close()
    for p in ps:
        p.join()
