#ifndef REVIEWBOT_CLIBXML2_SHIM_H
#define REVIEWBOT_CLIBXML2_SHIM_H
/* libxml2's ICU declarations clash with Foundation's copy of ICU in one module. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#endif
