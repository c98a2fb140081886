# Types a command line into an interactive Karaf console (bin/client on a pseudo-terminal, as a person at a
# terminal), presses TAB, and waits until what follows the typed text contains the expected completion.
# Usage: shell-complete.py TYPED EXPECTED CLIENT-ARGV...   Exit 0 when seen, 1 when not (output on stdout).
import os
import pty
import re
import select
import sys
import time

typed, expected, argv = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

seen = b''


def read_until(done, seconds):
    global seen
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            seen += data
            if done(seen):
                return True
    return False


prompt = read_until(lambda b: b'()>' in b, 90)
os.write(fd, typed + b'\t')
# jline redraws the line as it goes, with escape sequences (colours, cursor moves) between the characters: look at
# the text without them, after the prompt (a random session id cannot be there by chance)
def plain(b):
    return re.sub(rb'\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0e-\x1f]', b'', b)


found = prompt and read_until(lambda b: expected in plain(b).split(b'()>', 1)[-1], 30)
os.write(fd, b'\x03')
os.write(fd, b'logout\r')
read_until(lambda b: False, 2)
try:
    os.kill(pid, 15)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(seen.decode('utf-8', 'replace'))
sys.exit(0 if found else 1)
