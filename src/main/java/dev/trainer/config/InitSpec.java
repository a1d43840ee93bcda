package dev.trainer.config;

/**
 * The weight initializer of a layer as configured: its registry name and the values of its
 * {@code init.*} options (unprefixed keys, e.g. {@code fan}), built from the {@code [net]} defaults
 * overlaid by the layer's own keys. Keys of other initializers (an {@code init.std} set in
 * {@code [net]} while this layer uses msra) do not apply and are left out.
 *
 * @param type registry name, e.g. {@code msra}
 * @param settings the initializer's options, each value with its file:line
 */
public record InitSpec(String type, Settings settings) {}
