/** Full-text analysis shared by every module's search index: Dutch and English. */
@NullMarked
package nl.naadloos.platform.search;

import org.jspecify.annotations.NullMarked;
