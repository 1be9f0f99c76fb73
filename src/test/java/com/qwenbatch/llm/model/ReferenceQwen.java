package com.qwenbatch.llm.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * An independent forward pass in plain Java and double precision, written straight from
 * the Hugging Face modeling code with loops and no DJL: the arithmetic the NDArray path
 * is checked against. Only file parsing is shared.
 */
public final class ReferenceQwen {

	private final QwenConfig c;

	private final Map<String, TensorInfo> tensors;

	public ReferenceQwen(Path directory) {
		CheckpointFiles files = CheckpointFiles.open(directory);
		this.c = files.config();
		this.tensors = files.tensors();
	}

	private double[] w(String name) {
		float[] f = SafetensorsFile.readFloats(this.tensors.get(name));
		double[] d = new double[f.length];
		for (int i = 0; i < f.length; i++) {
			d[i] = f[i];
		}
		return d;
	}

	/** Logits [T][vocab] after every position of a causal sequence. */
	public double[][] logits(int[] ids) {
		int T = ids.length;
		int H = this.c.hiddenSize();
		double[] embed = w("model.embed_tokens.weight");
		double[][] x = new double[T][H];
		for (int t = 0; t < T; t++) {
			System.arraycopy(embed, ids[t] * H, x[t], 0, H);
		}
		for (int l = 0; l < this.c.numLayers(); l++) {
			String p = "model.layers." + l + ".";
			double[][] attn = attention(p, rmsNorm(x, w(p + "input_layernorm.weight")));
			for (int t = 0; t < T; t++) {
				for (int i = 0; i < H; i++) {
					x[t][i] += attn[t][i];
				}
			}
			double[][] mlp = mlp(p, rmsNorm(x, w(p + "post_attention_layernorm.weight")));
			for (int t = 0; t < T; t++) {
				for (int i = 0; i < H; i++) {
					x[t][i] += mlp[t][i];
				}
			}
		}
		double[][] h = rmsNorm(x, w("model.norm.weight"));
		double[] head = this.c.tieWordEmbeddings() ? embed : w("lm_head.weight");
		return matmulT(h, head, this.c.vocabSize(), null);
	}

	private double[][] attention(String p, double[][] x) {
		int T = x.length;
		int nH = this.c.numHeads();
		int nKV = this.c.numKeyValueHeads();
		int hd = this.c.headDim();
		boolean bias = this.c.attentionBias();
		double[][] q = matmulT(x, w(p + "self_attn.q_proj.weight"), nH * hd,
				bias ? w(p + "self_attn.q_proj.bias") : null);
		double[][] k = matmulT(x, w(p + "self_attn.k_proj.weight"), nKV * hd,
				bias ? w(p + "self_attn.k_proj.bias") : null);
		double[][] v = matmulT(x, w(p + "self_attn.v_proj.weight"), nKV * hd,
				bias ? w(p + "self_attn.v_proj.bias") : null);
		if (this.c.hasQkNorm()) {
			headNorm(q, nH, w(p + "self_attn.q_norm.weight"));
			headNorm(k, nKV, w(p + "self_attn.k_norm.weight"));
		}
		rope(q, nH);
		rope(k, nKV);
		double[][] out = new double[T][nH * hd];
		int group = nH / nKV;
		for (int head = 0; head < nH; head++) {
			int kvHead = head / group;
			for (int t = 0; t < T; t++) {
				double[] scores = new double[t + 1];
				double max = Double.NEGATIVE_INFINITY;
				for (int s = 0; s <= t; s++) {
					double dot = 0;
					for (int i = 0; i < hd; i++) {
						dot += q[t][head * hd + i] * k[s][kvHead * hd + i];
					}
					scores[s] = dot / Math.sqrt(hd);
					max = Math.max(max, scores[s]);
				}
				double sum = 0;
				for (int s = 0; s <= t; s++) {
					scores[s] = Math.exp(scores[s] - max);
					sum += scores[s];
				}
				for (int s = 0; s <= t; s++) {
					for (int i = 0; i < hd; i++) {
						out[t][head * hd + i] += scores[s] / sum * v[s][kvHead * hd + i];
					}
				}
			}
		}
		return matmulT(out, w(p + "self_attn.o_proj.weight"), this.c.hiddenSize(), null);
	}

	private double[][] mlp(String p, double[][] x) {
		int I = this.c.intermediateSize();
		double[][] gate = matmulT(x, w(p + "mlp.gate_proj.weight"), I, null);
		double[][] up = matmulT(x, w(p + "mlp.up_proj.weight"), I, null);
		for (int t = 0; t < x.length; t++) {
			for (int i = 0; i < I; i++) {
				double g = gate[t][i];
				gate[t][i] = g / (1 + Math.exp(-g)) * up[t][i];
			}
		}
		return matmulT(gate, w(p + "mlp.down_proj.weight"), this.c.hiddenSize(), null);
	}

	/**
	 * rotate_half convention: pairs (i, i + hd/2) rotate by angle pos * theta^(-2i/hd).
	 */
	private void rope(double[][] x, int heads) {
		int hd = this.c.headDim();
		for (int t = 0; t < x.length; t++) {
			for (int h = 0; h < heads; h++) {
				for (int i = 0; i < hd / 2; i++) {
					double angle = t * Math.pow(this.c.ropeTheta(), -2.0 * i / hd);
					double a = x[t][h * hd + i];
					double b = x[t][h * hd + i + hd / 2];
					x[t][h * hd + i] = a * Math.cos(angle) - b * Math.sin(angle);
					x[t][h * hd + i + hd / 2] = b * Math.cos(angle) + a * Math.sin(angle);
				}
			}
		}
	}

	private void headNorm(double[][] x, int heads, double[] weight) {
		int hd = this.c.headDim();
		for (double[] row : x) {
			for (int h = 0; h < heads; h++) {
				double ms = 0;
				for (int i = 0; i < hd; i++) {
					ms += row[h * hd + i] * row[h * hd + i];
				}
				double scale = 1 / Math.sqrt(ms / hd + this.c.rmsNormEps());
				for (int i = 0; i < hd; i++) {
					row[h * hd + i] *= scale * weight[i];
				}
			}
		}
	}

	private double[][] rmsNorm(double[][] x, double[] weight) {
		double[][] out = new double[x.length][];
		for (int t = 0; t < x.length; t++) {
			double ms = 0;
			for (double v : x[t]) {
				ms += v * v;
			}
			double scale = 1 / Math.sqrt(ms / x[t].length + this.c.rmsNormEps());
			out[t] = new double[x[t].length];
			for (int i = 0; i < x[t].length; i++) {
				out[t][i] = x[t][i] * scale * weight[i];
			}
		}
		return out;
	}

	/** y = x W^T + b with W stored [out, in]. */
	private static double[][] matmulT(double[][] x, double[] weight, int out, double[] bias) {
		int in = x[0].length;
		double[][] y = new double[x.length][out];
		for (int t = 0; t < x.length; t++) {
			for (int o = 0; o < out; o++) {
				double sum = bias == null ? 0 : bias[o];
				int base = o * in;
				for (int i = 0; i < in; i++) {
					sum += x[t][i] * weight[base + i];
				}
				y[t][o] = sum;
			}
		}
		return y;
	}

	/** max |a - b| over the row, relative to the row's largest |b|. */
	public static double relativeError(float[] actual, double[] expected) {
		double maxDiff = 0;
		double scale = 1e-12;
		for (int i = 0; i < expected.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
			scale = Math.max(scale, Math.abs(expected[i]));
		}
		return maxDiff / scale;
	}

}
