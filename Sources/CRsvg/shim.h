// Debian: librsvg2-dev (pkg-config librsvg-2.0), for rasterising the report's
// SVG figures to PNG: librsvg parses and draws the SVG onto a cairo image
// surface, which cairo writes as PNG.
#include <librsvg/rsvg.h>
#include <cairo.h>
