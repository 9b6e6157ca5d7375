#include "golden/precision.h"

#include <stdexcept>

namespace qrtl::golden {

int unsigned_precision(int64_t v) {
  if (v < 0) throw std::logic_error("unsigned_precision of a negative value");
  int n = 0;
  while (n < 62 && !(v < (int64_t{1} << n))) ++n;
  return n;
}

int signed_precision(int64_t v) {
  int n = 1;
  while (n < 62 && !(-(int64_t{1} << (n - 1)) <= v && v < (int64_t{1} << (n - 1)))) ++n;
  return n;
}

}  // namespace qrtl::golden
