/**
 * Value types every feature speaks in: money with its currency, and (later) quantities in exact units.
 * Plain Java, no Spring, so the arithmetic can be tested and trusted on its own.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package app.larder.shared;
