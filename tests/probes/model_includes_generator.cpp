// Must NOT compile: built with the golden-model library's include path, which holds only the core
// headers (CMakeLists.txt). The test ModelsCannotIncludeGeneratorHeaders expects the error below.
#include "registry.h"

int main() { return 0; }
