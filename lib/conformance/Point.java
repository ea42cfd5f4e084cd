package conformance;

/** One point of the contract and whether the stack under test holds it; detail says what was seen. */
public record Point(String area, String name, boolean holds, String detail) {
    public static Point holds(String area, String name, String detail) {
        return new Point(area, name, true, detail);
    }

    public static Point fails(String area, String name, String detail) {
        return new Point(area, name, false, detail);
    }
}
