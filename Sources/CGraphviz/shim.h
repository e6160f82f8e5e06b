// Debian: libgraphviz-dev (pkg-config libgvc, libcgraph), for path diagrams:
// cgraph reads a graph from DOT text, gvc lays it out with the dot engine and
// renders SVG and the JSON of the layout's coordinates.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
