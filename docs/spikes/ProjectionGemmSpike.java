import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import com.qwenbatch.llm.model.TorchScriptArchive;

/**
 * How fast the projections of one forward multiply, per way of holding the weights: F32
 * through libtorch's own GEMM as W·xᵀ (what the engine did) and as x·Wᵀ, F32 and BF16 on
 * weights reordered once ({@code mkldnn::_reorder_linear_weight}, then
 * {@code mkldnn::_linear_pointwise}: what it does now), and BF16 as x·Wᵀ (what it did for
 * BF16 before). The 24 layers' q/k/v, o, gate/up
 * and down matrices of Qwen1.5-0.5B (1.2 GB, so each is read from memory once a pass, as
 * in a real forward), then lm_head (151,936 x 1024). Each result is summed into a scalar
 * so that TorchScript cannot drop the products; the first pass of each is a warm-up.
 *
 * <pre>
 * ./mvnw -q -DskipTests package && mkdir -p /tmp/qbx && (cd /tmp/qbx && unzip -qo "$OLDPWD/target/qwen-batch.jar")
 * CP="/tmp/qbx/BOOT-INF/lib/*:/tmp/qbx/BOOT-INF/classes"
 * javac -cp "$CP" -d /tmp/spike docs/spikes/ProjectionGemmSpike.java
 * java -cp "$CP:/tmp/spike" ProjectionGemmSpike 1 8 32 64 256
 * </pre>
 */
public class ProjectionGemmSpike {

	private static final String METHODS = """
			  def w_xt(self: __torch__.Ops, xs: List[Tensor], ws: List[Tensor]) -> Tensor:
			    total = torch.zeros([1])
			    for i in range(len(ws)):
			      total = total + torch.sum(torch.matmul(ws[i], xs[i % len(xs)].t()).t())
			    return total
			  def x_wt(self: __torch__.Ops, xs: List[Tensor], ws: List[Tensor]) -> Tensor:
			    total = torch.zeros([1])
			    for i in range(len(ws)):
			      total = total + torch.sum(torch.linear(xs[i % len(xs)], ws[i]))
			    return total
			  def onednn(self: __torch__.Ops, xs: List[Tensor], ws: List[Tensor]) -> Tensor:
			    total = torch.zeros([1])
			    for i in range(len(ws)):
			      total = total + torch.sum(ops.mkldnn._linear_pointwise(xs[i % len(xs)], ws[i], None, "none", [], ""))
			    return total
			  def bf16(self: __torch__.Ops, xs: List[Tensor], ws: List[Tensor]) -> Tensor:
			    total = torch.zeros([1])
			    for i in range(len(ws)):
			      total = total + torch.sum(torch.linear(xs[i % len(xs)].to(15), ws[i]).to(6))
			    return total
			  def bf16_onednn(self: __torch__.Ops, xs: List[Tensor], ws: List[Tensor]) -> Tensor:
			    total = torch.zeros([1])
			    for i in range(len(ws)):
			      total = total + torch.sum(ops.mkldnn._linear_pointwise(xs[i % len(xs)].to(15), ws[i], None, "none", [], "").to(6))
			    return total
			  def pack(self: __torch__.Ops, w: Tensor) -> Tensor:
			    return ops.mkldnn._reorder_linear_weight(w, None)
			  def to_bf16(self: __torch__.Ops, w: Tensor) -> Tensor:
			    return w.to(15)
			  def pack_bf16(self: __torch__.Ops, w: Tensor) -> Tensor:
			    return ops.mkldnn._reorder_linear_weight(w.to(15), None)
			""";

	private static final int[][] LAYER_SHAPES = { { 3072, 1024 }, { 1024, 1024 }, { 5632, 1024 }, { 1024, 2816 } };

	public static void main(String[] args) throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager,
					new ByteArrayInputStream(TorchScriptArchive.of(METHODS)), false, false);
			List<NDArray> layers = new ArrayList<>();
			for (int layer = 0; layer < 24; layer++) {
				for (int[] shape : LAYER_SHAPES) {
					layers.add(manager.randomNormal(new Shape(shape[0], shape[1])).div(32));
				}
			}
			List<NDArray> lmHead = List.of(manager.randomNormal(new Shape(151936, 1024)).div(32));
			for (String arg : args) {
				int rows = Integer.parseInt(arg);
				List<NDArray> xs = new ArrayList<>();
				for (int[] shape : LAYER_SHAPES) {
					xs.add(manager.randomNormal(new Shape(rows, shape[1])));
				}
				report(module, manager, "24 layers", rows, xs, layers);
				report(module, manager, "lm_head", rows, List.of(xs.get(0)), lmHead);
			}
		}
	}

	private static void report(PtSymbolBlock module, NDManager manager, String what, int rows, List<NDArray> xs,
			List<NDArray> weights) {
		Map<String, List<NDArray>> held = new LinkedHashMap<>();
		held.put("w_xt", weights);
		held.put("x_wt", weights);
		held.put("onednn", converted(module, manager, "pack", weights));
		held.put("bf16", converted(module, manager, "to_bf16", weights));
		held.put("bf16_onednn", converted(module, manager, "pack_bf16", weights));
		StringBuilder line = new StringBuilder(String.format("%-9s rows %4d:", what, rows));
		for (Map.Entry<String, List<NDArray>> entry : held.entrySet()) {
			String method = entry.getKey();
			List<NDArray> w = entry.getValue();
			double best = Double.MAX_VALUE;
			for (int pass = 0; pass < 3; pass++) {
				long start = System.nanoTime();
				call(module, manager, method, list(xs), list(w)).close();
				if (pass > 0) {
					best = Math.min(best, (System.nanoTime() - start) / 1e6);
				}
			}
			line.append(String.format("  %s %.1f ms", method, best));
		}
		held.values().stream().filter((w) -> w != weights).forEach((w) -> w.forEach(NDArray::close));
		System.out.println(line);
	}

	private static List<NDArray> converted(PtSymbolBlock module, NDManager manager, String method,
			List<NDArray> weights) {
		return weights.stream().map((w) -> call(module, manager, method, IValue.from((PtNDArray) w))).toList();
	}

	private static IValue list(List<NDArray> tensors) {
		return IValue.listFrom(tensors.stream().map((t) -> (PtNDArray) t).toArray(PtNDArray[]::new));
	}

	private static NDArray call(PtSymbolBlock module, NDManager manager, String method, IValue... arguments) {
		try (IValue result = IValueUtils.runMethod(module, method, arguments)) {
			return result.toTensor((PtNDManager) manager);
		}
		finally {
			for (IValue argument : arguments) {
				argument.close();
			}
		}
	}

}
