package dev.erroralert.fingerprint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InAppFramesTests {

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, className + ".java", 1);
    }

    private static final List<StackTraceElement> PETCLINIC_STACK = List.of(
            frame("org.springframework.samples.petclinic.owner.OwnerController", "findOwner"),
            frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed"),
            frame("dev.erroralert.spring.aop.AlertOnErrorInterceptor", "invoke"),
            frame("org.springframework.samples.petclinic.owner.OwnerController$$SpringCGLIB$$0", "findOwner"),
            frame("jdk.proxy2.$Proxy93", "findById"),
            frame("org.springframework.web.servlet.DispatcherServlet", "doDispatch"),
            frame("com.acme.shared.Audit", "record"));

    @Test
    void theApplicationsBasePackageIsInAppEvenUnderAFrameworksPackage() {
        InAppFrames frames = new InAppFrames(List.of(), List.of("org.springframework.samples.petclinic"));

        assertThat(frames.top(PETCLINIC_STACK, 5)).extracting(StackTraceElement::getClassName)
                .containsExactly("org.springframework.samples.petclinic.owner.OwnerController");
    }

    @Test
    void theBasePackageByDefaultGivesTheSameFramesAsConfiguringIt() {
        InAppFrames byDefault = new InAppFrames(List.of(), List.of("org.springframework.samples.petclinic"));
        InAppFrames configured = new InAppFrames(List.of("org.springframework.samples.petclinic"));

        assertThat(byDefault.top(PETCLINIC_STACK, 5)).isEqualTo(configured.top(PETCLINIC_STACK, 5));
    }

    @Test
    void withoutBasePackagesEveryFrameOutsideTheFrameworksCounts() {
        InAppFrames frames = new InAppFrames(List.of());

        assertThat(frames.top(PETCLINIC_STACK, 5)).extracting(StackTraceElement::getClassName)
                .containsExactly("com.acme.shared.Audit");
    }

    @Test
    void errorAlertsOwnAndTheProxyFramesNeverCountEvenWhenConfigured() {
        InAppFrames frames = new InAppFrames(List.of("org.springframework", "dev.erroralert", "jdk"));

        assertThat(frames.top(PETCLINIC_STACK, 10)).extracting(StackTraceElement::getClassName).containsExactly(
                "org.springframework.samples.petclinic.owner.OwnerController",
                "org.springframework.web.servlet.DispatcherServlet");
    }

    @Test
    void anApplicationUnderDevErroralertIsNotMistakenForTheLibrary() {
        InAppFrames frames = new InAppFrames(List.of(), List.of("dev.erroralert.samples.shop"));

        assertThat(frames.isInApp(frame("dev.erroralert.samples.shop.OrderController", "get"))).isTrue();
        assertThat(frames.isInApp(frame("dev.erroralert.pipeline.AlertPipeline", "capture"))).isFalse();
    }

    @Test
    void configuredPackagesWinOverTheBasePackages() {
        InAppFrames frames = new InAppFrames(List.of("com.acme.shared"), List.of("org.springframework.samples"));

        assertThat(frames.top(PETCLINIC_STACK, 5)).extracting(StackTraceElement::getClassName)
                .containsExactly("com.acme.shared.Audit");
    }
}
