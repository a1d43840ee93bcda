package dev.trainer.config;

/**
 * The activation of a layer as configured: its registry name and the values of its options
 * (unprefixed keys, e.g. {@code init} for {@code prelu.init}), built from the {@code [net]}
 * defaults overlaid by the layer's own keys. Create it with
 * {@code Activations.get(type, where).create(settings)}.
 *
 * @param type registry name, e.g. {@code prelu}
 * @param settings the activation's options, each value with its file:line
 * @param where the place the activation was chosen (the layer section)
 */
public record ActivationSpec(String type, Settings settings, String where) {}
