package dev.erroralert.fingerprint;

import java.util.regex.Pattern;

/**
 * Strips the parts of class and method names that the runtime generates, so that a proxy, a lambda or a
 * reflection accessor has the same name in every JVM and after every deploy.
 */
public final class GeneratedNames {

    private static final Pattern SPRING_CGLIB = Pattern.compile("\\$\\$(SpringCGLIB|EnhancerBy\\w*|FastClassBy\\w*)\\$\\$\\w*");
    private static final Pattern BYTE_BUDDY_AND_FRIENDS =
            Pattern.compile("\\$(ByteBuddy|HibernateProxy|MockitoMock|\\$Javassist)\\$[\\w$]*");
    // Javassist's proxy factory: Order_$$_jvst3a1_0, and Order_$$_javassist_0 in older versions.
    private static final Pattern JAVASSIST = Pattern.compile("_\\$\\$_(?:jvst|javassist_)\\w*");
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda[$/].*");
    private static final Pattern JDK_PROXY = Pattern.compile("\\$Proxy\\d+");
    private static final Pattern ACCESSOR =
            Pattern.compile("(Generated(?:Serialization)?(?:Method|Constructor)Accessor)\\d+");
    private static final Pattern LAMBDA_METHOD = Pattern.compile("^(lambda\\$.*)\\$\\d+$");
    private static final Pattern SYNTHETIC_ACCESS = Pattern.compile("^access\\$\\d+$");

    private GeneratedNames() {
    }

    /** {@code com.example.Service$$SpringCGLIB$$0} becomes {@code com.example.Service}, and so on. */
    public static String className(String name) {
        if (name.indexOf('$') < 0 && !name.contains("Accessor")) {
            return name;
        }
        return CLASS_NAMES.apply(name);
    }

    // Each frame of each occurrence asks: the same few hundred nested, proxy and lambda classes, over and over.
    private static final Memo CLASS_NAMES = new Memo(GeneratedNames::stripClassName, 4_096, 512);

    private static String stripClassName(String name) {
        String stripped = SPRING_CGLIB.matcher(name).replaceAll("");
        stripped = BYTE_BUDDY_AND_FRIENDS.matcher(stripped).replaceAll("");
        stripped = JAVASSIST.matcher(stripped).replaceAll("");
        stripped = LAMBDA.matcher(stripped).replaceAll("\\$\\$Lambda");
        stripped = JDK_PROXY.matcher(stripped).replaceAll("\\$Proxy");
        return ACCESSOR.matcher(stripped).replaceAll("$1");
    }

    /** {@code lambda$place$3} becomes {@code lambda$place}: the index moves when lambdas are added elsewhere. */
    public static String methodName(String name) {
        if (name.indexOf('$') < 0) {
            return name;
        }
        String stripped = LAMBDA_METHOD.matcher(name).replaceAll("$1");
        return SYNTHETIC_ACCESS.matcher(stripped).replaceAll("access\\$");
    }

    /** Whether {@code name} is a class the runtime made up rather than one the user wrote. */
    public static boolean isGenerated(String name) {
        return !className(name).equals(name) || name.contains("$$Lambda");
    }
}
