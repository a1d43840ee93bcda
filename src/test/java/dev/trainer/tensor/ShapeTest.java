package dev.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void aSizeBeyondAnIntIsAnErrorNotAWrappedNumber() {
    Shape s = Shape.of(65536, 65536); // 2^32 elements: the int product was 0
    assertEquals(1L << 32, s.elements());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::size);
    assertTrue(e.getMessage().contains("65536x65536"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Tensor(Shape.of(3, 1 << 30)));
  }

  @Test
  void elementsSaturateInsteadOfWrapping() {
    assertEquals(Long.MAX_VALUE, Shape.of(1 << 30, 1 << 30, 1 << 30).elements());
    assertEquals(0, Shape.of(1 << 30, 1 << 30, 1 << 30, 0).elements());
    assertEquals(24, Shape.of(2, 3, 4).size());
  }
}
