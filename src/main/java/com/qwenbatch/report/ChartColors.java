package com.qwenbatch.report;

import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;

/**
 * Explicit series colours in label order (positive, negative, neutral, then others):
 * without them LibreOffice draws the series transparent.
 */
final class ChartColors {

	private static final String[] PALETTE = { "2E9E4F", "D64541", "9E9E9E", "3B7DD8", "F0A030", "8E44AD", "16A2A2" };

	private ChartColors() {
	}

	static XDDFSolidFillProperties fill(int index) {
		String hex = PALETTE[index % PALETTE.length];
		byte[] rgb = new byte[3];
		for (int i = 0; i < 3; i++) {
			rgb[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return new XDDFSolidFillProperties(XDDFColor.from(rgb));
	}

}
