package dev.erroralert.fingerprint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedNamesTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            com.example.OrderService$$SpringCGLIB$$0,                     com.example.OrderService
            com.example.OrderService$$EnhancerBySpringCGLIB$$1a2b3c4d,    com.example.OrderService
            com.example.OrderService$$FastClassBySpringCGLIB$$9f8e7d,     com.example.OrderService
            com.example.Order$HibernateProxy$Zx8TqLp1,                    com.example.Order
            com.example.Order_$$_jvst3a1_0,                               com.example.Order
            com.example.Order_$$_javassist_12,                            com.example.Order
            com.example.Client$ByteBuddy$abc123,                          com.example.Client
            com.example.Repo$MockitoMock$1234567,                         com.example.Repo
            com.example.Handler$$Lambda$123/0x0000000800c0b000,           com.example.Handler$$Lambda
            com.example.Handler$$Lambda/0x000001f0810a2c40,               com.example.Handler$$Lambda
            jdk.proxy2.$Proxy45,                                          jdk.proxy2.$Proxy
            jdk.internal.reflect.GeneratedMethodAccessor123,              jdk.internal.reflect.GeneratedMethodAccessor
            com.example.Outer$Inner,                                      com.example.Outer$Inner
            com.example.Plain,                                            com.example.Plain
            """)
    void stripsGeneratedPartsOfClassNames(String name, String expected) {
        assertThat(GeneratedNames.className(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            lambda$place$3,     lambda$place
            lambda$static$12,   lambda$static
            access$000,         access$
            place,              place
            """)
    void stripsGeneratedPartsOfMethodNames(String name, String expected) {
        assertThat(GeneratedNames.methodName(name)).isEqualTo(expected);
    }
}
