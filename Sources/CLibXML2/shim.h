// Debian: libxml2-dev (pkg-config libxml-2.0), for the streaming .xlsx reader:
// its SAX2 push parser reads a worksheet part chunk by chunk.
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose system headers clash with
// Foundation's own copy of ICU in one Swift module graph. Only the encoding
// handler struct (never touched from Swift) differs without it.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
