package com.qwenbatch.report;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/** Finding a report row by the text in its first cell, as a reader scans a sheet. */
final class SheetRows {

	private SheetRows() {
	}

	/**
	 * The first row whose first cell says {@code label}; fails the test when none does.
	 */
	static Row find(XSSFSheet sheet, String label) {
		Row row = findOrNull(sheet, label);
		if (row == null) {
			throw new AssertionError("no row " + label);
		}
		return row;
	}

	static Row findOrNull(XSSFSheet sheet, String label) {
		for (Row row : sheet) {
			if (row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
					&& row.getCell(0).getStringCellValue().equals(label)) {
				return row;
			}
		}
		return null;
	}

}
