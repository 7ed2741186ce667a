# pipe: one process sends messages through a Pipe, another receives them
# (faithful version: it hangs forever)
import time
import multiprocessing as mp


def sender(conn, messages):
    for text in messages:
        time.sleep(1)
        conn.send(text)  #<<
    conn.close()


def receiver(conn):
    while True:
        try:
            text = conn.recv()  #<<
        except EOFError as err:  # raised only when every sending end is closed
            print(repr(err))
            break
        print(text)


if __name__ == "__main__":
    messages = ["my name is sudh", "this is my msg to my students",
                "i am taking class for dsm", "try to practice all the code"]
    receive_end, send_end = mp.Pipe()
    p1 = mp.Process(target=sender, args=(send_end, messages))
    p2 = mp.Process(target=receiver, args=(receive_end,))
    p1.start()
    p2.start()  # the fork gives p2 its own copy of send_end too  #<<
    p1.join()
    send_end.close()
    p2.join()  # never returns
    receive_end.close()

# The fixed variant: each child first closes the end it does not use; once the
# sender and the main process have closed theirs, recv() sees the end of the pipe.
#
# def sender(conn, messages, unused_receive_end):
#     unused_receive_end.close()
#     ...
#
# def receiver(conn, unused_send_end):
#     unused_send_end.close()
#     ...
#
#     p1 = mp.Process(target=sender, args=(send_end, messages, receive_end))
#     p2 = mp.Process(target=receiver, args=(receive_end, send_end))
