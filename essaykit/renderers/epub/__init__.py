"""The EPUB 3 renderer: chapters, navigation, metadata, cover and package (ebooklib)."""
