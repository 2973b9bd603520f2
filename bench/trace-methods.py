#!/usr/bin/env python3
# usage: trace-methods.py SYMS OUT -- EXE [ARGS...]   (runs EXE in the current folder; bench/native-order.sh calls it)
# Writes to OUT the managed methods one run of the native `ledger` executes, in the order each first runs: a
# breakpoint (int3) on every method's first byte, put back to the original byte at its first hit, so the run pays one
# stop per method it calls, in any of its threads. SYMS: "address name" lines, the executable's managed code symbols
# (addresses as in the file; the process's load address is added). Methods folded into one body share an address:
# all their names are written.
import ctypes, os, sys, signal, struct
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_TRACEME, PTRACE_CONT, PTRACE_GETREGS, PTRACE_SETREGS, PTRACE_SETOPTIONS = 0, 7, 12, 13, 0x4200
O_TRACECLONE, O_EXITKILL = 0x8, 0x100000
syms_file, out_file = sys.argv[1], sys.argv[2]
argv = sys.argv[4:]
addrs = {}
for line in open(syms_file):
    a, n = line.split()
    addrs.setdefault(int(a, 16), []).append(n)
pid = os.fork()
if pid == 0:
    libc.ptrace(PTRACE_TRACEME, 0, None, None)
    os.execv(argv[0], argv)
_, st = os.waitpid(pid, 0)
libc.ptrace(PTRACE_SETOPTIONS, pid, None, ctypes.c_void_p(O_TRACECLONE | O_EXITKILL))
exe = os.path.realpath(argv[0]); base = None
for l in open(f"/proc/{pid}/maps"):
    f = l.split()
    if len(f) >= 6 and f[5] == exe and int(f[2], 16) == 0:
        base = int(f[0].split('-')[0], 16); break
mem = open(f"/proc/{pid}/mem", "r+b", buffering=0)
orig = {}
for a in addrs:
    mem.seek(base + a); orig[a] = mem.read(1)
for a in addrs:
    mem.seek(base + a); mem.write(b'\xcc')
class Regs(ctypes.Structure):
    _fields_ = [(n, ctypes.c_ulonglong) for n in "r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss fs_base gs_base ds es fs gs".split()]
hits = []
restored = set()  # breakpoints already removed: another thread may have hit one before its removal
killed = None
libc.ptrace(PTRACE_CONT, pid, None, None)
alive = {pid}
while alive:
    w, st = os.waitpid(-1, 0x40000000)  # __WALL
    if os.WIFEXITED(st) or os.WIFSIGNALED(st):
        alive.discard(w)
        if w == pid:
            if os.WIFSIGNALED(st): killed = os.WTERMSIG(st)
            break
        continue
    if not os.WIFSTOPPED(st): continue
    sig = os.WSTOPSIG(st); ev = st >> 16
    alive.add(w)
    deliver = 0
    if sig == signal.SIGTRAP and ev == 0:
        r = Regs(); libc.ptrace(PTRACE_GETREGS, w, None, ctypes.byref(r))
        a = r.rip - 1 - base
        if a in orig:
            mem.seek(base + a); mem.write(orig.pop(a))
            r.rip -= 1; libc.ptrace(PTRACE_SETREGS, w, None, ctypes.byref(r))
            hits.append(a); restored.add(a)
        elif a in restored:
            r.rip -= 1; libc.ptrace(PTRACE_SETREGS, w, None, ctypes.byref(r))
        else:
            deliver = sig
    elif sig == signal.SIGTRAP:
        pass  # clone event
    elif sig == signal.SIGSTOP and ev == 0:
        pass  # new thread's first stop
    else:
        deliver = sig
    libc.ptrace(PTRACE_CONT, w, None, ctypes.c_void_p(deliver))
with open(out_file, "w") as o:
    for a in hits:
        for n in addrs[a]: o.write(n + "\n")
print(f"{len(hits)} methods hit of {len(addrs)}", file=sys.stderr)
if killed:
    sys.exit(f"the traced process was killed by signal {killed}")
