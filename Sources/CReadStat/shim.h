// Debian: libreadstat-dev (ReadStat 1.1, https://github.com/WizardMac/ReadStat).
#include <readstat.h>
