package com.qwenbatch.llm.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.qwenbatch.llm.DjlRuntime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TorchScript archive our code writes, and the BF16 operations libtorch runs from it
 * (making and widening BF16 weights, and the decoder layer's BF16 projection), checked
 * against plain Java arithmetic.
 */
class Bf16OpsTest {

	@Test
	void theArchiveIsAStoredZipOfTheFourTorchScriptRecords() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(
				new ByteArrayInputStream(TorchScriptArchive.of(Bf16Ops.METHODS)))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipEntry.STORED);
				entries.put(entry.getName(), zip.readAllBytes());
			}
		}
		assertThat(entries).containsOnlyKeys("ops/version", "ops/data.pkl", "ops/constants.pkl",
				"ops/code/__torch__.py");
		assertThat(new String(entries.get("ops/version"), StandardCharsets.US_ASCII)).isEqualTo("3\n");
		byte[] pickle = entries.get("ops/data.pkl");
		assertThat(pickle[0] & 0xff).as("PROTO").isEqualTo(0x80);
		assertThat(pickle[pickle.length - 1]).as("STOP").isEqualTo((byte) '.');
		assertThat(new String(pickle, StandardCharsets.ISO_8859_1)).contains("c__torch__\nOps\n").contains("training");
		assertThat(new String(entries.get("ops/code/__torch__.py"), StandardCharsets.UTF_8))
			.startsWith("class Ops(Module):\n")
			.contains("  def put_rows(self: __torch__.Ops,");
	}

	/**
	 * y = x·Wᵀ + b with x and W rounded to BF16 (round to nearest even, done here in
	 * Java), products summed exactly in double, and y rounded to BF16 at the end, as the
	 * kernels do with their F32 accumulator: the two may differ by the last BF16 step of
	 * y, no more.
	 */
	@Test
	void linearIsTheProductOfTheBf16RoundedInputs() {
		int rows = 5;
		int in = 48;
		int out = 7;
		Random random = new Random(3);
		float[] x = gaussian(random, rows * in);
		float[] w = gaussian(random, out * in);
		float[] b = gaussian(random, out);
		try (NDManager manager = DjlRuntime.newBaseManager();
				Bf16Ops ops = Bf16Ops.load(manager);
				DecoderLayerScript layer = DecoderLayerScript.load(manager)) {
			NDArray weight = ops.empty(manager, out, in);
			ops.putRows(weight, 0, manager.create(java.util.Arrays.copyOfRange(w, 0, 3 * in), new Shape(3, in)));
			ops.putRows(weight, 3, manager.create(java.util.Arrays.copyOfRange(w, 3 * in, out * in), new Shape(4, in)));
			// reordered for oneDNN, as the engine holds its matrices
			float[] y = layer.project(manager.create(x, new Shape(rows, in)), layer.pack(weight), manager.create(b))
				.toFloatArray();
			float[] widened = ops.widen(weight).toFloatArray();
			for (int i = 0; i < w.length; i++) {
				assertThat(widened[i]).as("weight %d", i).isEqualTo(bf16(w[i]));
			}
			for (int r = 0; r < rows; r++) {
				for (int o = 0; o < out; o++) {
					double sum = 0;
					for (int k = 0; k < in; k++) {
						sum += (double) bf16(x[r * in + k]) * bf16(w[o * in + k]);
					}
					double expected = bf16((float) sum) + b[o];
					double step = Math.ulp(bf16((float) sum)) * 65536; // one BF16 step
					assertThat((double) y[r * out + o]).as("y[%d][%d]", r, o)
						.isBetween(expected - step - 1e-6, expected + step + 1e-6);
				}
			}
		}
	}

	/** F32 -> BF16 -> F32, round to nearest even. */
	static float bf16(float v) {
		int bits = Float.floatToRawIntBits(v);
		int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
		return Float.intBitsToFloat(rounded);
	}

	private static float[] gaussian(Random random, int n) {
		float[] values = new float[n];
		for (int i = 0; i < n; i++) {
			values[i] = (float) random.nextGaussian();
		}
		return values;
	}

}
