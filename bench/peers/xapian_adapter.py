"""Xapian behind the benchmark's peer interface (bench/peers/xapian.ts starts it).

One JSON request a line on stdin, one JSON answer a line on stdout, in order:
  {"op": "add", "documents": [[id, title, body], ...]}  -> {"seconds": s}
  {"op": "commit"}                                       -> {"seconds": s, "diskBytes": n, "rssMb": m, "peakRssMb": m}
  {"op": "search", "query": "words", "k": 10}            -> {"ids": [...], "ms": t}
  {"op": "stats"}                                        -> {"rssMb": m, "peakRssMb": m}
The first line written is {"ready": version}, or {"unavailable": reason} when the xapian
module cannot be imported (the benchmark then skips Xapian). End of stdin closes the
database and removes it.

Times are taken here, around Xapian's own work only, so that the hand-over between the
processes (JSON, pipes) is not counted against Xapian. Run with Debian's /usr/bin/python3:
python3-xapian installs the module for it alone.
"""

import ctypes
import gc
import json
import os
import resource
import shutil
import sys
import tempfile
import time

# Documents buffered in memory before Xapian writes them out (its default is 10,000). A large
# threshold is the usual setting for a bulk build: every flush rewrites parts of the B-trees.
# Must be in the environment before the database is opened; a value already set wins.
os.environ.setdefault("XAPIAN_FLUSH_THRESHOLD", "100000")

try:
    import xapian
except ImportError as error:  # python3-xapian missing, or a Python it was not built for
    xapian = None
    IMPORT_ERROR = f"{sys.executable} cannot import xapian ({error}): apt-get install -y python3-xapian"


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def rss_mb():
    """Resident memory now, from /proc (getrusage only knows the peak)."""
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux; it is counted a little differently from /proc's
    # figure, so the peak is never shown below the resident memory of the same moment.
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rss_mb())


def release_freed_memory():
    """Hands back to the system what the build freed, as the Node worker collects garbage
    before measuring: the resident memory after the build is then what Xapian keeps, not the
    heap glibc holds on to after the flush freed Xapian's buffers."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the figure then includes the freed heap
        pass


def directory_bytes(path):
    return sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))


class Index:
    """One Glass database on disk under the OS temp directory, written once, then searched."""

    def __init__(self, title_wdf):
        self.path = tempfile.mkdtemp(prefix="gazette-bench-xapian-")
        self.title_wdf = title_wdf
        self.writer = xapian.WritableDatabase(self.path, xapian.DB_CREATE_OR_OVERWRITE)
        self.stemmer = xapian.Stem("english")
        self.generator = xapian.TermGenerator()
        self.generator.set_stemmer(self.stemmer)
        self.generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        self.reader = None
        self.enquire = None
        self.parser = None

    def add(self, documents):
        for doc_id, title, body in documents:
            document = xapian.Document()
            self.generator.set_document(document)
            # The title's words count title_wdf times each (TermGenerator's wdf increment),
            # Xapian's way of weighting a field within one BM25 score.
            self.generator.index_text(title, self.title_wdf)
            # A gap in positions so that a phrase cannot run from the title into the body.
            self.generator.increase_termpos()
            self.generator.index_text(body)
            document.set_data(doc_id)
            self.writer.add_document(document)

    def commit(self):
        self.writer.commit()
        self.writer.close()
        self.writer = None
        # Searches go through a read-only handle, as a search application opens the database.
        self.reader = xapian.Database(self.path)
        self.enquire = xapian.Enquire(self.reader)
        # BM25Weight is Xapian's default; set explicitly so that the configuration is on record.
        self.enquire.set_weighting_scheme(xapian.BM25Weight())
        self.parser = xapian.QueryParser()
        self.parser.set_stemmer(self.stemmer)
        self.parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.parser.set_default_op(xapian.Query.OP_OR)

    def search(self, text, k):
        # The default flags without FLAG_BOOLEAN: a headline's "AND" or "NOT" is a word here,
        # as it is for the other peers, which quote every word.
        flags = xapian.QueryParser.FLAG_DEFAULT & ~xapian.QueryParser.FLAG_BOOLEAN
        self.enquire.set_query(self.parser.parse_query(text, flags))
        mset = self.enquire.get_mset(0, k)
        return [item.document.get_data().decode("utf-8") for item in mset]

    def close(self):
        for handle in (self.writer, self.reader):
            if handle is not None:
                handle.close()
        shutil.rmtree(self.path, ignore_errors=True)


def answer(index, request):
    """The reply to one request; the timed part is Xapian's work alone."""
    op = request["op"]
    if op == "add":
        started = time.perf_counter()
        index.add(request["documents"])
        return {"seconds": time.perf_counter() - started}
    if op == "commit":
        started = time.perf_counter()
        index.commit()
        seconds = time.perf_counter() - started
        release_freed_memory()
        return {"seconds": seconds, "diskBytes": directory_bytes(index.path), "rssMb": rss_mb(), "peakRssMb": peak_rss_mb()}
    if op == "search":
        # Parsing, matching and reading the ids of the hits: what answering a query takes.
        started = time.perf_counter()
        ids = index.search(request["query"], request["k"])
        return {"ids": ids, "ms": (time.perf_counter() - started) * 1000}
    if op == "stats":
        return {"rssMb": rss_mb(), "peakRssMb": peak_rss_mb()}
    return {"error": f"unknown op {op!r}"}


def serve(title_wdf):
    index = Index(title_wdf)
    try:
        reply({"ready": xapian.version_string()})
        for line in sys.stdin:
            try:
                reply(answer(index, json.loads(line)))
            except Exception as error:  # answered, so that the caller's promise settles
                reply({"error": f"{type(error).__name__}: {error}"})
    finally:
        index.close()


def main():
    if xapian is None:
        reply({"unavailable": IMPORT_ERROR})
        return 0
    title_wdf = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    serve(title_wdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
