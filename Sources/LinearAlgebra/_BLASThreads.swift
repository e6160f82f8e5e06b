import CLapack
#if canImport(Glibc)
import Glibc
#endif

// The matrices here are small (tens of rows): OpenBLAS's thread pool costs
// more than it saves, and parallelism belongs to replicates (bootstrap,
// simulation), not to one product. One thread unless CLUSTERSTAT_BLAS_THREADS
// says otherwise.
let _blasConfigured: Void = {
  var threads: Int32 = 1
  if let raw = getenv("CLUSTERSTAT_BLAS_THREADS"), let n = Int32(String(cString: raw)), n > 0 {
    threads = n
  }
  openblas_set_num_threads(threads)
}()

@inline(__always)
func _ensureBLASConfigured() { _ = _blasConfigured }

/// Sets the number of OpenBLAS threads explicitly (e.g. for one large product).
public func setBLASThreads(_ n: Int) {
  _ensureBLASConfigured()
  openblas_set_num_threads(Int32(max(1, n)))
}
