/**
 * pdfmake 0.3's Node API as templates/render.ts uses it (the package ships no declarations).
 * The module exports one configured instance.
 */
declare module 'pdfmake' {
  interface FontFiles {
    normal: string
    bold: string
    italics: string
    bolditalics: string
  }

  interface VirtualFileSystem {
    existsSync(filename: string): boolean
    writeFileSync(filename: string, content: Buffer): void
  }

  /** The pdfkit document behind an output; only what render.ts reads. */
  interface PdfKitDocument {
    bufferedPageRange(): { start: number; count: number }
  }

  interface OutputDocument {
    getStream(): Promise<PdfKitDocument>
    getBuffer(): Promise<Buffer>
  }

  interface PdfMake {
    virtualfs: VirtualFileSystem
    addFonts(fonts: Record<string, FontFiles>): void
    setUrlAccessPolicy(callback: (url: string) => boolean): void
    setLocalAccessPolicy(callback: (path: string) => boolean): void
    createPdf(definition: object, options?: { bufferPages?: boolean }): OutputDocument
  }

  const pdfmake: PdfMake
  export default pdfmake
}
