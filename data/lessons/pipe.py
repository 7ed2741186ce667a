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
            print(err)
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

# The fixed variant: each process closes the ends it does not use.
#
# def receiver(conn, unused_send_end):
#     unused_send_end.close()     # now only the sender holds a sending end
#     ...same loop as above...
#
#     p2 = mp.Process(target=receiver, args=(receive_end, send_end))
#     p1.start()
#     p2.start()
#     send_end.close()            # the main process does not send either
