package dev.erroralert.notify;

/** One rule of a {@link SecretMasker}: the text with what the rule recognises masked, the rest as it was. */
interface MaskingRule {

    String apply(String text);
}
