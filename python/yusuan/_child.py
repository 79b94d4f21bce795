"""The child process of ``isolate=True``: ``python -m yusuan._child WHAT PATH TIMEOUT MB``.

It limits its own address space (``resource.setrlimit(RLIMIT_AS)``, Unix only), reads
one document in the native module and prints one JSON object on stdout: ``{"ok": TEXT}``
(the document's JSON, or the long format's fields and columns as JSON) or
``{"error": MESSAGE}``. An abort in the native code kills this process only; the parent
(``yusuan._isolated``) reports it.
"""

import json
import sys


def _limit_memory(mb):
    try:
        import resource
    except ImportError:  # not Unix: no address-space limit
        return
    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main():
    what, path, timeout, mb = sys.argv[1:5]
    _limit_memory(int(mb))
    from ._yusuan import YusuanError, _inject_fault, long_columns, read_json

    _inject_fault(path)
    timeout = float(timeout) if timeout else None
    try:
        if what == "long":
            ok = json.dumps(long_columns([path], 1, timeout))
        else:
            ok = read_json(path, timeout)
        reply = {"ok": ok}
    except YusuanError as e:
        reply = {"error": str(e)}
    sys.stdout.write(json.dumps(reply))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
